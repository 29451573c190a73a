using System.Text.Json;

namespace Ingestion.Bench;

/// <summary>A corpus document and a query of a BEIR dataset, read straight from its JSONL files.</summary>
internal sealed record BenchDocument(string Id, string Title, string Text);

internal static class SciFactCorpus
{
    /// <summary>The dataset beside the repository, as CI and README place it.</summary>
    public static string DefaultFolder(string repositoryRoot) => Path.Combine(repositoryRoot, "..", "shared", "evaldata", "scifact");

    public static IReadOnlyList<BenchDocument> Documents(string folder, int take) =>
        [.. Lines(Path.Combine(folder, "corpus.jsonl"))
            .Select(e => new BenchDocument(e.GetProperty("_id").ToString(), e.GetProperty("title").GetString() ?? "", e.GetProperty("text").GetString() ?? ""))
            .Where(d => d.Text.Length > 0)
            .Take(take)];

    /// <summary>Query texts of the judged (test) queries, in file order.</summary>
    public static IReadOnlyList<string> Queries(string folder, int take)
    {
        var judged = File.ReadLines(Path.Combine(folder, "qrels.tsv")).Skip(1).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        return [.. Lines(Path.Combine(folder, "queries.jsonl"))
            .Where(e => judged.Contains(e.GetProperty("_id").ToString()))
            .Select(e => e.GetProperty("text").GetString()!)
            .Take(take)];
    }

    private static IEnumerable<JsonElement> Lines(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: the benchmarks read BEIR SciFact from ../shared/evaldata/scifact (or --dataset).");
        }

        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            yield return document.RootElement.Clone();
        }
    }
}
