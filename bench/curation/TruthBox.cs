using System.Text.Json;
using OpenCvSharp;

namespace DatasetForge.Bench.Curation;

/// <summary>A face labelled by hand on a sample photo (see tests/DatasetForge.Curation.Tests/Fixtures/sample-faces.json).</summary>
internal sealed record TruthBox(int Sample, int X, int Y, int W, int H)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public Rect2f Box => new(X, Y, W, H);

    public static IReadOnlyList<TruthBox> Load(string path)
    {
        var boxes = JsonSerializer.Deserialize<List<TruthBox>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: not a JSON array of boxes");
        return boxes;
    }
}
