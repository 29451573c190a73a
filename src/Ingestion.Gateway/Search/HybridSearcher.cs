using Ingestion.Core.Telemetry;
using Ingestion.Gateway.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Runs the requested legs (concurrently in hybrid mode) and fuses them. Fusion happens here rather
/// than in the store, so every store gets the same ranking logic. Every search is a caller's: both legs read only
/// the chunks that caller may read, so no path can search without saying whose search it is.
/// </summary>
public sealed partial class HybridSearcher(IChunkIndexReader searcher, IQueryEmbedder embeddings)
{
    public Task<IReadOnlyList<FusedHit>> SearchAsync(string query, SearchMode mode, int count, FusionParameters fusion, Caller caller, CancellationToken cancellationToken) =>
        SearchAsync(query, mode, count, fusion, SearchFilter.None, caller, cancellationToken);

    /// <summary>Searches among the chunks <paramref name="filter"/> admits that <paramref name="caller"/> may read; both legs apply it before ranking.</summary>
    public async Task<IReadOnlyList<FusedHit>> SearchAsync(string query, SearchMode mode, int count, FusionParameters fusion, SearchFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        using var snapshot = searcher.AcquireSnapshot();
        return await SearchAsync(snapshot, query, mode, count, fusion, filter, caller, cancellationToken);
    }

    /// <summary>Searches one given index state, for callers that must know which state answered (a result cache).</summary>
    public async Task<IReadOnlyList<FusedHit>> SearchAsync(IIndexSnapshot snapshot, string query, SearchMode mode, int count, FusionParameters fusion, SearchFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(caller);
        filter = caller.Restrict(filter);
        // Only fusion needs a window of hits beyond k from each leg; a single leg's best k are the answer. The window's
        // hits are ranked by keys alone, and only the k fusion keeps are read whole (a stored-fields read each).
        var window = mode is SearchMode.Hybrid ? Math.Max(count, fusion.Window) : count;
        var keysOnly = mode is SearchMode.Hybrid;
        var lexicalTask = mode is SearchMode.Dense ? Task.FromResult<IReadOnlyList<ChunkHit>>([]) : LexicalAsync(snapshot, query, window, filter, keysOnly, cancellationToken);
        var denseTask = mode is SearchMode.Lexical ? Task.FromResult<IReadOnlyList<ChunkHit>>([]) : DenseAsync(snapshot, query, window, filter, keysOnly, caller, cancellationToken);
        await Task.WhenAll(lexicalTask, denseTask);

        using var activity = IngestionTelemetry.ActivitySource.StartActivity("fuse");
        var fused = mode switch
        {
            SearchMode.Lexical => ResultFusion.Fuse(lexicalTask.Result, [], fusion with { Window = window, LexicalWeight = 1 }, count),
            SearchMode.Dense => ResultFusion.Fuse([], denseTask.Result, fusion with { Window = window, DenseWeight = 1 }, count),
            // Widened with the legs: k above the window fuses k hits of each, as a grouped search does.
            _ => ResultFusion.Fuse(lexicalTask.Result, denseTask.Result, fusion with { Window = window }, count),
        };
        activity?.SetTag("search.hits", fused.Count);
        if (!keysOnly || fused.Count == 0)
        {
            return fused;
        }

        var whole = await snapshot.CompleteAsync([.. fused.Select(f => f.Chunk)], cancellationToken);
        return [.. fused.Select((f, i) => f with { Chunk = whole[i] })];
    }

    private static async Task<IReadOnlyList<ChunkHit>> LexicalAsync(IIndexSnapshot snapshot, string query, int window, SearchFilter filter, bool keysOnly, CancellationToken cancellationToken)
    {
        // Yield first so the two legs really run side by side.
        await Task.Yield();
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("search bm25");
        var hits = keysOnly
            ? await snapshot.RankLexicalAsync(query, window, filter, cancellationToken)
            : await snapshot.SearchLexicalAsync(query, window, filter, cancellationToken);
        activity?.SetTag("search.hits", hits.Count);
        return hits;
    }

    private async Task<IReadOnlyList<ChunkHit>> DenseAsync(IIndexSnapshot snapshot, string query, int window, SearchFilter filter, bool keysOnly, Caller caller, CancellationToken cancellationToken)
    {
        await Task.Yield();
        ReadOnlyMemory<float> vector;
        using (IngestionTelemetry.ActivitySource.StartActivity("embed query"))
        {
            vector = await embeddings.EmbedAsync(query, snapshot.Model, caller.QueryCacheScope, cancellationToken);
        }

        using var activity = IngestionTelemetry.ActivitySource.StartActivity("search dense");
        var hits = keysOnly
            ? await snapshot.RankDenseAsync(vector, window, filter, cancellationToken)
            : await snapshot.SearchDenseAsync(vector, window, filter, cancellationToken);
        activity?.SetTag("search.hits", hits.Count);
        return hits;
    }
}
