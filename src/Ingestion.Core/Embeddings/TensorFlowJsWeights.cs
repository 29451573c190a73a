using System.Text.Json;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// Reads the float32 weights of a TF.js graph model: <c>model.json</c>'s weights manifest names
/// each tensor and its shape, in the byte order of the concatenated shard files.
/// </summary>
internal sealed class TensorFlowJsWeights
{
    private readonly Dictionary<string, float[]> _tensors;

    private TensorFlowJsWeights(Dictionary<string, float[]> tensors) => _tensors = tensors;

    public static TensorFlowJsWeights Load(string modelDirectory)
    {
        var manifestPath = Path.Combine(modelDirectory, "model.json");
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var group = manifest.RootElement.GetProperty("weightsManifest")[0];

        using var buffer = new MemoryStream();
        foreach (var shard in group.GetProperty("paths").EnumerateArray())
        {
            using var file = File.OpenRead(Path.Combine(modelDirectory, shard.GetString()!));
            file.CopyTo(buffer);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var weight in group.GetProperty("weights").EnumerateArray())
        {
            var count = 1;
            foreach (var dimension in weight.GetProperty("shape").EnumerateArray())
            {
                count *= dimension.GetInt32();
            }

            var dtype = weight.GetProperty("dtype").GetString();
            if (dtype is not ("float32" or "int32"))
            {
                throw new InvalidDataException($"Unsupported dtype '{dtype}' in {manifestPath}.");
            }

            var byteCount = count * sizeof(float);
            if (offset + byteCount > bytes.Length)
            {
                throw new InvalidDataException($"The shards of {manifestPath} are shorter than its manifest says.");
            }

            if (dtype == "float32")
            {
                // The shards are little-endian, as is every platform .NET runs this on.
                var values = new float[count];
                bytes.Slice(offset, byteCount).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                tensors[weight.GetProperty("name").GetString()!] = values;
            }

            offset += byteCount;
        }

        return new TensorFlowJsWeights(tensors);
    }

    /// <summary>The tensor whose name ends with <paramref name="suffix"/>, checked for its element count.</summary>
    public float[] Get(string suffix, int expectedLength, bool allowAnyLength = false)
    {
        float[]? found = null;
        foreach (var (name, values) in _tensors)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    throw new InvalidDataException($"More than one tensor ends with '{suffix}'.");
                }

                found = values;
            }
        }

        if (found is null)
        {
            throw new InvalidDataException($"No tensor ends with '{suffix}'.");
        }

        if (!allowAnyLength && found.Length != expectedLength)
        {
            throw new InvalidDataException($"Tensor '{suffix}' has {found.Length} values, expected {expectedLength}.");
        }

        return found;
    }
}
