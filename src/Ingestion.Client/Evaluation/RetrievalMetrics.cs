namespace Ingestion.Client.Evaluation;

/// <summary>The figures of one query, or their mean over a run.</summary>
public sealed record MetricSet(double NdcgAt10, double RecallAt100, double MrrAt10, double MapAt100);

/// <summary>A run's mean figures, the number of queries averaged, and each query's own.</summary>
public sealed record RunScores(MetricSet Mean, int Queries, IReadOnlyDictionary<string, MetricSet> PerQuery);

/// <summary>
/// nDCG@10, Recall@100, MRR@10 and MAP@100 exactly as trec_eval (and BEIR through pytrec_eval) compute them, so
/// figures agree with <c>trec_eval.py</c> on the same run: a run's documents are ordered by score, ties by document
/// id descending; gain is the judged label; the ideal ranking holds every judged relevant document; queries
/// without a relevant document are skipped and a judged query missing from the run scores 0.
/// </summary>
public static class RetrievalMetrics
{
    public static RunScores Evaluate(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> run)
    {
        ArgumentNullException.ThrowIfNull(qrels);
        ArgumentNullException.ThrowIfNull(run);
        var perQuery = new Dictionary<string, MetricSet>(StringComparer.Ordinal);
        foreach (var (query, judged) in qrels)
        {
            if (!judged.Values.Any(label => label > 0))
            {
                continue;
            }

            var ranking = run.TryGetValue(query, out var scores) ? Rank(scores) : [];
            perQuery[query] = Score(judged, ranking);
        }

        var count = perQuery.Count;
        var mean = count == 0
            ? new MetricSet(0, 0, 0, 0)
            : new MetricSet(
                perQuery.Values.Average(m => m.NdcgAt10),
                perQuery.Values.Average(m => m.RecallAt100),
                perQuery.Values.Average(m => m.MrrAt10),
                perQuery.Values.Average(m => m.MapAt100));
        return new RunScores(mean, count, perQuery);
    }

    /// <summary>trec_eval's order: score descending, then document id descending (ordinal).</summary>
    public static IReadOnlyList<string> Rank(IReadOnlyDictionary<string, double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return [.. scores.OrderByDescending(s => s.Value).ThenByDescending(s => s.Key, StringComparer.Ordinal).Select(s => s.Key)];
    }

    public static MetricSet Score(IReadOnlyDictionary<string, int> judged, IReadOnlyList<string> ranking)
    {
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(ranking);
        var relevant = judged.Where(j => j.Value > 0).ToDictionary(j => j.Key, j => j.Value, StringComparer.Ordinal);

        var dcg = ranking.Take(10).Select((document, i) => relevant.GetValueOrDefault(document) / Math.Log2(i + 2)).Sum();
        var ideal = relevant.Values.OrderDescending().Take(10).Select((gain, i) => gain / Math.Log2(i + 2)).Sum();
        var ndcg = ideal > 0 ? dcg / ideal : 0;

        var recall = relevant.Count > 0 ? (double)ranking.Take(100).Count(relevant.ContainsKey) / relevant.Count : 0;

        var firstRelevant = ranking.Take(10).Select((document, i) => (document, i)).FirstOrDefault(d => relevant.ContainsKey(d.document));
        var mrr = firstRelevant.document is null ? 0 : 1.0 / (firstRelevant.i + 1);

        double hits = 0, precisionSum = 0;
        for (var i = 0; i < Math.Min(100, ranking.Count); i++)
        {
            if (relevant.ContainsKey(ranking[i]))
            {
                hits++;
                precisionSum += hits / (i + 1);
            }
        }

        var map = relevant.Count > 0 ? precisionSum / relevant.Count : 0;
        return new MetricSet(ndcg, recall, mrr, map);
    }
}
