using System.Text.Json;
using System.Text.Json.Serialization;

namespace DatasetForge.FaceModels.Tests.Analysis;

/// <summary>
/// The outputs of face-api 1.7.15 itself (TensorFlow.js, CPU backend, in headless Chromium) on the 22 labelled faces
/// of the sample photos, written by <c>eng/face-api-reference</c>.
/// </summary>
public sealed record FaceApiReference(
    [property: JsonPropertyName("faceApi")] string FaceApi,
    [property: JsonPropertyName("tfjs")] string Tfjs,
    [property: JsonPropertyName("faces")] IReadOnlyList<FaceApiReference.Face> Faces)
{
    public static FaceApiReference Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "face-api-reference.json");
        return JsonSerializer.Deserialize<FaceApiReference>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty");
    }

    public sealed record Face(
        [property: JsonPropertyName("sample")] int Sample,
        [property: JsonPropertyName("box")] double[] Box,
        [property: JsonPropertyName("landmarks")] double[][] Landmarks,
        [property: JsonPropertyName("descriptorSlice")] double[] DescriptorSlice,
        [property: JsonPropertyName("ageGenderSlice")] double[] AgeGenderSlice,
        [property: JsonPropertyName("descriptor")] float[] Descriptor,
        [property: JsonPropertyName("age")] double Age,
        [property: JsonPropertyName("gender")] string Gender,
        [property: JsonPropertyName("genderProbability")] double GenderProbability);
}
