using System.Text.Json;

namespace Ingestion.Bench;

/// <summary>A corpus document and a query of a BEIR dataset, read straight from its JSONL files.</summary>
internal sealed record BenchDocument(string Id, string Title, string Text);

internal static class SciFactCorpus
{
    /// <summary>The dataset beside the repository, as CI and README place it.</summary>
    public static string DefaultFolder(string repositoryRoot) => Path.Combine(repositoryRoot, "..", "shared", "evaldata", "scifact");

    /// <summary>The corpus's documents in file order; those without text only where <paramref name="keepTitleOnly"/> (evaluation indexes every document).</summary>
    public static IReadOnlyList<BenchDocument> Documents(string folder, int take, bool keepTitleOnly = false) =>
        [.. Lines(Path.Combine(folder, "corpus.jsonl"))
            .Select(e => new BenchDocument(e.GetProperty("_id").ToString(), e.GetProperty("title").GetString() ?? "", e.GetProperty("text").GetString() ?? ""))
            .Where(d => d.Text.Length > 0 || (keepTitleOnly && d.Title.Length > 0))
            .Take(take)];

    /// <summary>Each judged query's id and text, and its judgments (document id → grade).</summary>
    public static (IReadOnlyDictionary<string, string> Queries, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels) Judged(string folder)
    {
        var qrels = File.ReadLines(Path.Combine(folder, "qrels.tsv")).Skip(1)
            .Select(l => l.Split('\t'))
            .Where(f => f.Length >= 3)
            .GroupBy(f => f[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.ToDictionary(f => f[1], f => int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal), StringComparer.Ordinal);
        var queries = Lines(Path.Combine(folder, "queries.jsonl"))
            .Select(e => (Id: e.GetProperty("_id").ToString(), Text: e.GetProperty("text").GetString()!))
            .Where(q => qrels.ContainsKey(q.Id))
            .ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);
        return (queries, qrels);
    }

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
