using System.Globalization;
using Ingestion.Client.Evaluation;

namespace Ingestion.Cli.Evaluation;

/// <summary>TREC run files (<c>qid Q0 docid rank score tag</c>), the format trec_eval and <c>trec_eval.py</c> read.</summary>
internal static class TrecRun
{
    /// <summary>
    /// Scores that reproduce a ranking exactly: the first of n documents scores n, the last 1. Fused RRF scores
    /// can tie, and trec_eval would break such ties by document id rather than as the gateway ranked them.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ScoresOf(IReadOnlyList<string> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return ranking.Select((document, i) => (document, score: (double)(ranking.Count - i))).ToDictionary(d => d.document, d => d.score, StringComparer.Ordinal);
    }

    /// <summary>
    /// The first id of <paramref name="ids"/> a run file cannot hold, or null: its columns are separated by white
    /// space, so an id holding some would be read as other columns (trec_eval would score the wrong documents).
    /// </summary>
    public static string? FirstUnwritable(IEnumerable<string> ids) => ids.FirstOrDefault(id => id.Length == 0 || id.Any(char.IsWhiteSpace));

    public static async Task WriteAsync(string path, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> run, string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (FirstUnwritable(run.Keys.Concat(run.Values.SelectMany(scores => scores.Keys))) is { } unwritable)
        {
            throw new CliException($"The id '{unwritable}' holds white space, which a TREC run file cannot: evaluate without --runs.");
        }

        await using var writer = new StreamWriter(path);
        foreach (var (query, scores) in run.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var rank = 0;
            foreach (var document in RetrievalMetrics.Rank(scores))
            {
                rank++;
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{query} Q0 {document} {rank} {scores[document]:R} {tag}").AsMemory(), cancellationToken);
            }
        }
    }
}
