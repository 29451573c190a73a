using System.Security.Cryptography;
using System.Text;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Experiments;

/// <summary>
/// A search served by the running experiment: with its caller's arm's settings, or with A's and B's rankings
/// interleaved; each result remembers the arm that served it.
/// </summary>
public static class ExperimentSearch
{
    public static async Task<(IReadOnlyList<FusedHit> Hits, IReadOnlyList<string> Arms)> RankedAsync(HybridSearcher searcher, ExperimentDraw draw, ValidSearch search, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(draw);
        ArgumentNullException.ThrowIfNull(search);
        if (!draw.IsInterleaved)
        {
            var hits = await searcher.SearchAsync(search.Query, search.Mode, search.Count, draw.Parameters, search.Filter, caller, cancellationToken);
            return (hits, [.. hits.Select(_ => draw.Arm)]);
        }

        var a = searcher.SearchAsync(search.Query, search.Mode, search.Count, draw.A, search.Filter, caller, cancellationToken);
        var b = searcher.SearchAsync(search.Query, search.Mode, search.Count, draw.B, search.Filter, caller, cancellationToken);
        await Task.WhenAll(a, b);
        return TeamDraft.Merge(a.Result, b.Result, h => h.Chunk.ChunkId, search.Count, Coin(draw, search.Query));
    }

    public static async Task<(IReadOnlyList<RankedDocument> Documents, IReadOnlyList<string> Arms)> DocumentsAsync(HybridSearcher searcher, ExperimentDraw draw, ValidSearch search, int documents, int perDocument, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(draw);
        ArgumentNullException.ThrowIfNull(search);
        if (!draw.IsInterleaved)
        {
            var ranked = await searcher.SearchDocumentsAsync(search.Query, search.Mode, documents, perDocument, draw.Parameters, search.Filter, caller, cancellationToken);
            return (ranked, [.. ranked.Select(_ => draw.Arm)]);
        }

        var a = searcher.SearchDocumentsAsync(search.Query, search.Mode, documents, perDocument, draw.A, search.Filter, caller, cancellationToken);
        var b = searcher.SearchDocumentsAsync(search.Query, search.Mode, documents, perDocument, draw.B, search.Filter, caller, cancellationToken);
        await Task.WhenAll(a, b);
        return TeamDraft.Merge(a.Result, b.Result, d => d.DocumentId, documents, Coin(draw, search.Query));
    }

    /// <summary>The documents a list showed, each with the arm that showed it first.</summary>
    public static List<(string DocumentId, string Arm)> Shown(IEnumerable<(string DocumentId, string Arm)> results) =>
        [.. results.DistinctBy(r => r.DocumentId, StringComparer.Ordinal)];

    /// <summary>The draft's coin, seeded by the caller and query: the same search shows the same interleaving.</summary>
    private static Random Coin(ExperimentDraw draw, string query) =>
        new(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(draw.Judge + "\n" + query)), 0));
}
