using System.Text.Json;
using System.Text.Json.Serialization;

namespace DatasetForge.FaceModels.Weights;

/// <summary>
/// Reads a TensorFlow.js layers-format weight set: a <c>&lt;name&gt;-weights_manifest.json</c> naming every weight
/// (name, shape, dtype, optional uint8/uint16 quantisation with <c>scale</c> and <c>min</c>) and the <c>.bin</c>
/// shards that hold them back to back.
/// </summary>
/// <remarks>
/// Dequantisation follows tfjs's <c>io.decodeWeights</c>: <c>value = q * scale + min</c>. Errors name the manifest
/// file and the weight, since a truncated or mismatched shard is the likely fault.
/// </remarks>
public sealed class TfjsWeights
{
    private readonly Dictionary<string, TfjsTensor> _tensors;

    private TfjsWeights(string manifestPath, Dictionary<string, TfjsTensor> tensors)
    {
        ManifestPath = manifestPath;
        _tensors = tensors;
    }

    /// <summary>The manifest the weights were read from.</summary>
    public string ManifestPath { get; }

    /// <summary>The weight names in manifest order.</summary>
    public IReadOnlyCollection<string> Names => _tensors.Keys;

    /// <summary>Reads <paramref name="manifestPath"/> and the shards it names (relative to its folder).</summary>
    public static TfjsWeights Load(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestPath);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"The weights manifest {manifestPath} does not exist. Run 'bash eng/setup.sh' to fetch face-api's models.", manifestPath);
        }

        List<ManifestGroup> groups;
        try
        {
            groups = JsonSerializer.Deserialize<List<ManifestGroup>>(File.ReadAllText(manifestPath), ManifestJson.Options)
                ?? throw new InvalidDataException("the manifest is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{manifestPath}: not a TensorFlow.js weights manifest: {e.Message}", e);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var tensors = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var bytes = group.Paths.SelectMany(p => ReadShard(manifestPath, Path.Combine(folder, p))).ToArray();
            var offset = 0;
            foreach (var entry in group.Weights)
            {
                var tensor = Decode(manifestPath, entry, bytes, ref offset);
                if (!tensors.TryAdd(entry.Name, tensor))
                {
                    throw new InvalidDataException($"{manifestPath}: the weight '{entry.Name}' is listed twice");
                }
            }

            if (offset != bytes.Length)
            {
                throw new InvalidDataException($"{manifestPath}: the shards hold {bytes.Length:N0} bytes but the weights use {offset:N0}");
            }
        }

        return new TfjsWeights(manifestPath, tensors);
    }

    /// <summary>The weight <paramref name="name"/>, checked to have <paramref name="rank"/> dimensions.</summary>
    public TfjsTensor Get(string name, int rank)
    {
        if (!_tensors.TryGetValue(name, out var tensor))
        {
            throw new InvalidDataException($"{ManifestPath}: the weight '{name}' is missing");
        }

        return tensor.Shape.Length == rank
            ? tensor
            : throw new InvalidDataException($"{ManifestPath}: the weight '{name}' has shape [{string.Join(", ", tensor.Shape)}], expected rank {rank}");
    }

    private static byte[] ReadShard(string manifestPath, string shardPath) =>
        File.Exists(shardPath)
            ? File.ReadAllBytes(shardPath)
            : throw new FileNotFoundException($"{manifestPath}: the weights shard {shardPath} is missing", shardPath);

    private static TfjsTensor Decode(string manifestPath, ManifestWeight entry, byte[] bytes, ref int offset)
    {
        var count = entry.Shape.Aggregate(1, (a, b) => checked(a * b));
        var values = new float[count];
        var storedAs = entry.Quantization?.Dtype ?? entry.Dtype;
        var width = storedAs switch
        {
            "float32" or "int32" => 4,
            "uint16" => 2,
            "uint8" => 1,
            _ => throw new InvalidDataException($"{manifestPath}: the weight '{entry.Name}' is stored as '{storedAs}', which is not supported"),
        };
        var size = checked(count * width);
        if (offset + size > bytes.Length)
        {
            throw new InvalidDataException($"{manifestPath}: the weight '{entry.Name}' needs {size:N0} bytes at offset {offset:N0}, but the shards end at {bytes.Length:N0}");
        }

        var span = bytes.AsSpan(offset, size);
        if (entry.Quantization is { } q)
        {
            // tfjs computes q * scale + min in double precision and stores the float32 result.
            for (var i = 0; i < count; i++)
            {
                double raw = width == 1 ? span[i] : BitConverter.ToUInt16(span.Slice(i * 2, 2));
                values[i] = (float)((raw * q.Scale) + q.Min);
            }
        }
        else if (storedAs == "float32")
        {
            span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
        else
        {
            for (var i = 0; i < count; i++)
            {
                values[i] = storedAs == "int32" ? BitConverter.ToInt32(span.Slice(i * 4, 4)) : span[i];
            }
        }

        offset += size;
        return new TfjsTensor(entry.Name, [.. entry.Shape], values);
    }

    private sealed record ManifestGroup(
        [property: JsonPropertyName("paths")] List<string> Paths,
        [property: JsonPropertyName("weights")] List<ManifestWeight> Weights);

    private sealed record ManifestWeight(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("shape")] List<int> Shape,
        [property: JsonPropertyName("dtype")] string Dtype,
        [property: JsonPropertyName("quantization")] ManifestQuantization? Quantization);

    private sealed record ManifestQuantization(
        [property: JsonPropertyName("dtype")] string Dtype,
        [property: JsonPropertyName("scale")] double Scale,
        [property: JsonPropertyName("min")] double Min);

    private static class ManifestJson
    {
        public static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };
    }
}
