using Ingestion.Core.Indexing;

namespace Ingestion.Core.Retrieval;

/// <summary>Combines the two legs' rankings; ties are broken by chunk id so results are stable.</summary>
public static class ReciprocalRankFusion
{
    public static IReadOnlyList<FusedHit> Fuse(
        IReadOnlyList<ChunkHit> lexical,
        IReadOnlyList<ChunkHit> dense,
        FusionParameters parameters,
        int count)
    {
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(parameters);

        var fused = new Dictionary<string, (ChunkHit Chunk, double Score, LegResult? Lexical, LegResult? Dense)>(StringComparer.Ordinal);
        for (var i = 0; i < Math.Min(parameters.Window, lexical.Count); i++)
        {
            var hit = lexical[i];
            var contribution = parameters.LexicalWeight / (parameters.RrfK + i + 1);
            fused[hit.ChunkId] = (hit, contribution, new LegResult(i + 1, hit.Score, contribution), null);
        }

        for (var i = 0; i < Math.Min(parameters.Window, dense.Count); i++)
        {
            var hit = dense[i];
            var contribution = parameters.DenseWeight / (parameters.RrfK + i + 1);
            var leg = new LegResult(i + 1, hit.Score, contribution);
            fused[hit.ChunkId] = fused.TryGetValue(hit.ChunkId, out var existing)
                ? (existing.Chunk, existing.Score + contribution, existing.Lexical, leg)
                : (hit, contribution, null, leg);
        }

        return fused.Values
            .OrderByDescending(f => f.Score)
            .ThenBy(f => f.Chunk.ChunkId, StringComparer.Ordinal)
            .Take(count)
            .Select(f => new FusedHit(f.Chunk, f.Score, f.Lexical, f.Dense))
            .ToList();
    }
}
