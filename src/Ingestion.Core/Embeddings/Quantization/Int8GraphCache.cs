using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Ingestion.Core.Embeddings.Quantization;

/// <summary>
/// Keeps the int8 graph made from a packaged fp32 graph in a folder beside the system's data, so it is made once
/// rather than at every start of every service. The file's name carries the SHA-256 of the fp32 graph and the
/// quantiser's version (another package or quantiser makes another file), and a file beside it the SHA-256 of the
/// int8 graph, checked at every load: a truncated or altered file is made again, never loaded. Making one removes the
/// model's copies from other sources (an older package or quantiser, an earlier tuned query encoder), which would
/// otherwise pile up at about 60 MB each.
/// </summary>
internal static partial class Int8GraphCache
{
    /// <summary>The int8 graph of <paramref name="fp32Graph"/>, from <paramref name="folder"/> when it holds a sound copy, else made (and kept there when a folder is given).</summary>
    public static byte[] Load(string modelName, byte[] fp32Graph, string? folder)
    {
        if (folder is null)
        {
            return Int8MatMulQuantizer.Quantize(fp32Graph);
        }

        var source = Convert.ToHexStringLower(SHA256.HashData(fp32Graph));
        var path = Path.Combine(folder, $"{modelName}.{source[..16]}.v{Int8MatMulQuantizer.Version}.onnx");
        var hashPath = path + ".sha256";
        if (SoundCopy(path, hashPath) is { } cached)
        {
            return cached;
        }

        var graph = Int8MatMulQuantizer.Quantize(fp32Graph);
        if (Keep(graph, path, hashPath))
        {
            ForgetOtherSources(folder, modelName, Path.GetFileName(path));
        }

        return graph;
    }

    /// <summary>The kept graph if it is there, readable and matches its hash; else null.</summary>
    private static byte[]? SoundCopy(string path, string hashPath)
    {
        try
        {
            if (!File.Exists(path) || !File.Exists(hashPath))
            {
                return null;
            }

            var cached = File.ReadAllBytes(path);
            return string.Equals(File.ReadAllText(hashPath).Trim(), Convert.ToHexStringLower(SHA256.HashData(cached)), StringComparison.Ordinal) ? cached : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes the graph and its hash into place. Several services may make it at once: each writes its own temporary
    /// files and moves them into place, so a reader sees a whole file or none, and a hash that does not match a
    /// half-replaced pair makes it again. A folder that cannot be written only costs the next start the making again.
    /// </summary>
    private static bool Keep(byte[] graph, string path, string hashPath)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temporary, graph);
            File.WriteAllText(temporary + ".sha256", Convert.ToHexStringLower(SHA256.HashData(graph)));
            File.Move(temporary, path, overwrite: true);
            File.Move(temporary + ".sha256", hashPath, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Forget(temporary);
            Forget(temporary + ".sha256");
            return false;
        }
    }

    /// <summary>
    /// Removes <paramref name="modelName"/>'s graphs of other sources and versions, and their hashes. Only names this
    /// cache writes are matched, so another model's graphs (a tuned graph is "name.tuned") and files of others stay. A
    /// service still running an old graph holds it in memory; one starting on it makes it again.
    /// </summary>
    private static void ForgetOtherSources(string folder, string modelName, string keptName)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, modelName + ".*"))
            {
                var name = Path.GetFileName(file);
                var graphName = name.EndsWith(".sha256", StringComparison.Ordinal) ? name[..^".sha256".Length] : name;
                if (!string.Equals(graphName, keptName, StringComparison.Ordinal)
                    && graphName.Length > modelName.Length
                    && KeptGraphName().IsMatch(graphName.AsSpan(modelName.Length)))
                {
                    Forget(file);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next graph made to remove.
        }
    }

    /// <summary>What follows the model's name in a kept graph's file name: the source's hash and the quantiser's version.</summary>
    [GeneratedRegex(@"^\.[0-9a-f]{16}\.v[0-9]+\.onnx$", RegexOptions.CultureInvariant)]
    private static partial Regex KeptGraphName();

    private static void Forget(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Never written, or its folder is not there: nothing to remove.
        }
    }
}
