using System.Text.Json;
using DatasetForge.FaceModels.Weights;
using DatasetForge.Testing;

namespace DatasetForge.FaceModels.Tests.Weights;

public sealed class TfjsWeightsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("forge-tfjs-").FullName;

    [Fact]
    public void Load_DequantisesUint8AsScaleTimesValuePlusMin_AndReadsFloat32AsIs()
    {
        var manifest = Write(
            """[{"paths":["w.bin"],"weights":[{"name":"q","shape":[2,2],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.5,"min":-1}},{"name":"f","shape":[2],"dtype":"float32"}]}]""",
            [0, 1, 2, 255, .. BitConverter.GetBytes(1.25f), .. BitConverter.GetBytes(-3f)]);

        var weights = TfjsWeights.Load(manifest);

        weights.Get("q", 2).Values.ShouldBe([-1f, -0.5f, 0f, 126.5f]);
        weights.Get("f", 1).Values.ShouldBe([1.25f, -3f]);
        weights.Names.ShouldBe(["q", "f"]);
    }

    [Fact]
    public void Load_ShortShard_NamesTheManifestAndTheWeight()
    {
        var manifest = Write("""[{"paths":["w.bin"],"weights":[{"name":"conv/filters","shape":[3,3],"dtype":"float32"}]}]""", new byte[8]);

        var error = Should.Throw<InvalidDataException>(() => TfjsWeights.Load(manifest));

        error.Message.ShouldContain(manifest);
        error.Message.ShouldContain("conv/filters");
    }

    [Fact]
    public void Get_WrongRankOrMissing_IsAnErrorNamingTheWeight()
    {
        var weights = TfjsWeights.Load(Write("""[{"paths":["w.bin"],"weights":[{"name":"b","shape":[2],"dtype":"float32"}]}]""", new byte[8]));

        Should.Throw<InvalidDataException>(() => weights.Get("b", 4)).Message.ShouldContain("'b' has shape [2]");
        Should.Throw<InvalidDataException>(() => weights.Get("nope", 1)).Message.ShouldContain("'nope' is missing");
    }

    [Theory]
    [InlineData("age_gender_model", 51)]
    [InlineData("face_recognition_model", 117)]
    [InlineData("face_landmark_68_model", 49)]
    public void Load_FaceApiModels_ReadsEveryWeightOfTheManifest(string model, int count)
    {
        var path = Path.Combine(TestAssets.Require("face-api/package/model"), $"{model}-weights_manifest.json");
        var listed = JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
            .SelectMany(g => g.GetProperty("weights").EnumerateArray()).Count();

        var weights = TfjsWeights.Load(path);

        listed.ShouldBe(count);
        weights.Names.Count.ShouldBe(count);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string manifest, byte[] shard)
    {
        File.WriteAllBytes(Path.Combine(_folder, "w.bin"), shard);
        var path = Path.Combine(_folder, "model-weights_manifest.json");
        File.WriteAllText(path, manifest);
        return path;
    }
}
