using Ingestion.Index;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Combines the two legs' rankings by <see cref="FusionParameters.Method"/>. Every hit keeps what each leg said of it
/// (rank, score, and its contribution to the fused score: the contributions add up to the score). Ties are broken by
/// chunk id so results are stable. Documents fuse the same way, keyed by document id (<see cref="FuseDocuments"/>).
/// </summary>
public static class ResultFusion
{
    public static IReadOnlyList<FusedHit> Fuse(
        IReadOnlyList<ChunkHit> lexical,
        IReadOnlyList<ChunkHit> dense,
        FusionParameters parameters,
        int count) => Fuse(lexical, dense, parameters, count, static hit => hit.ChunkId);

    /// <summary>
    /// Fuses two rankings of documents, each given as one hit per document (the chunk that stands for it in that leg):
    /// the hits are keyed by document id, and a document found by both legs keeps the lexical leg's hit.
    /// </summary>
    public static IReadOnlyList<FusedHit> FuseDocuments(
        IReadOnlyList<ChunkHit> lexical,
        IReadOnlyList<ChunkHit> dense,
        FusionParameters parameters,
        int count) => Fuse(lexical, dense, parameters, count, static hit => hit.DocumentId);

    private static List<FusedHit> Fuse(
        IReadOnlyList<ChunkHit> lexical,
        IReadOnlyList<ChunkHit> dense,
        FusionParameters parameters,
        int count,
        Func<ChunkHit, string> keyOf)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(parameters);

        var fused = new Dictionary<string, (string Key, ChunkHit Chunk, double Score, LegResult? Lexical, LegResult? Dense)>(StringComparer.Ordinal);
        var lexicalLeg = Leg(lexical, parameters, parameters.LexicalWeight);
        for (var i = 0; i < lexicalLeg.Count; i++)
        {
            var hit = lexical[i];
            fused[keyOf(hit)] = (keyOf(hit), hit, lexicalLeg[i].Contribution, lexicalLeg[i], null);
        }

        var denseLeg = Leg(dense, parameters, parameters.DenseWeight);
        for (var i = 0; i < denseLeg.Count; i++)
        {
            var hit = dense[i];
            var leg = denseLeg[i];
            var key = keyOf(hit);
            fused[key] = fused.TryGetValue(key, out var existing)
                ? (key, existing.Chunk, existing.Score + leg.Contribution, existing.Lexical, leg)
                : (key, hit, leg.Contribution, null, leg);
        }

        return fused.Values
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(f => new FusedHit(f.Chunk, f.Score, f.Lexical, f.Dense))
            .ToList();
    }

    /// <summary>What the leg says of each of its first <see cref="FusionParameters.Window"/> hits, in its order.</summary>
    private static List<LegResult> Leg(IReadOnlyList<ChunkHit> hits, FusionParameters parameters, double weight)
    {
        var window = Math.Min(parameters.Window, hits.Count);
        var results = new List<LegResult>(window);
        if (window == 0)
        {
            return results;
        }

        // The window's best and worst scores (legs return hits best first); a window of equal scores normalises to 1.
        var max = hits[0].Score;
        var min = hits[window - 1].Score;
        for (var i = 0; i < window; i++)
        {
            var contribution = parameters.Method switch
            {
                FusionMethod.Rrf => weight / (parameters.RrfK + i + 1),
                _ => weight * (max > min ? (hits[i].Score - min) / (double)(max - min) : 1.0),
            };
            results.Add(new LegResult(i + 1, hits[i].Score, contribution));
        }

        return results;
    }
}
