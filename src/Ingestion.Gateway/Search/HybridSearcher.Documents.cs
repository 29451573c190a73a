using Ingestion.Core.Telemetry;
using Ingestion.Gateway.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Search;

public sealed partial class HybridSearcher
{
    /// <summary>
    /// Chunks taken from the dense leg for each document of the window: documents are scored by their best chunk, and
    /// a window of documents needs more chunks than documents (SciFact's abstracts are three chunks each).
    /// </summary>
    public const int DenseChunksPerDocument = 3;

    /// <summary>
    /// Ranks documents as documents, for requests that ask for documents (grouped search, evaluation): the lexical leg
    /// scores each document whole (BM25 over its title and all its text, <see cref="IIndexSnapshot.RankDocumentsLexicalAsync"/>),
    /// the dense leg scores it by its best chunk, and the two fuse over a window of <see cref="FusionParameters.Window"/>
    /// documents each. A document whose evidence is spread over chunks, or that one leg finds past the other's
    /// window, is not lost as it is when chunks are fused and a document ranks where its best chunk does (measured
    /// with <c>bash bench/relevance.sh</c> on SciFact's training queries). Each document keeps its best chunks of the
    /// chunk-level fusion, at most <paramref name="perDocument"/>, for citations; one found only as a whole keeps its
    /// first chunk.
    /// </summary>
    public async Task<IReadOnlyList<RankedDocument>> SearchDocumentsAsync(string query, SearchMode mode, int count, int perDocument, FusionParameters fusion, SearchFilter filter, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fusion);
        ArgumentNullException.ThrowIfNull(caller);
        filter = caller.Restrict(filter);
        using var snapshot = searcher.AcquireSnapshot();
        var window = Math.Max(count, fusion.Window);
        var lexical = mode is not SearchMode.Dense;
        var documentsTask = lexical ? LexicalDocumentsAsync(snapshot, query, window, filter, cancellationToken) : Task.FromResult<IReadOnlyList<ChunkHit>>([]);
        var chunksTask = lexical ? LexicalAsync(snapshot, query, window, filter, keysOnly: true, cancellationToken) : Task.FromResult<IReadOnlyList<ChunkHit>>([]);
        var denseTask = mode is SearchMode.Lexical ? Task.FromResult<IReadOnlyList<ChunkHit>>([]) : DenseAsync(snapshot, query, window * DenseChunksPerDocument, filter, keysOnly: true, caller, cancellationToken);
        await Task.WhenAll(documentsTask, chunksTask, denseTask);

        using var activity = IngestionTelemetry.ActivitySource.StartActivity("fuse documents");
        var denseDocuments = BestChunkOfEach(denseTask.Result, window);
        var documents = mode switch
        {
            SearchMode.Lexical => ResultFusion.FuseDocuments(documentsTask.Result, [], fusion with { Window = window, LexicalWeight = 1 }, count),
            SearchMode.Dense => ResultFusion.FuseDocuments([], denseDocuments, fusion with { Window = window, DenseWeight = 1 }, count),
            _ => ResultFusion.FuseDocuments(documentsTask.Result, denseDocuments, fusion with { Window = window }, count),
        };
        activity?.SetTag("search.documents", documents.Count);
        if (documents.Count == 0)
        {
            return [];
        }

        var chunks = ResultFusion.Fuse(chunksTask.Result, denseTask.Result, fusion with { Window = window * DenseChunksPerDocument }, int.MaxValue)
            .ToLookup(c => c.Chunk.DocumentId, StringComparer.Ordinal);
        var shown = documents
            .Select(d => chunks[d.Chunk.DocumentId].Take(perDocument).DefaultIfEmpty(d).ToList())
            .ToList();
        var whole = await snapshot.CompleteAsync([.. shown.SelectMany(s => s.Select(c => c.Chunk))], cancellationToken);
        var next = 0;
        return [.. documents.Select((d, i) =>
        {
            var kept = shown[i].Select(c => c with { Chunk = whole[next++] }).ToList();
            return new RankedDocument(d.Chunk.DocumentId, kept[0].Chunk.Title, d.Score, d.Lexical, d.Dense, kept);
        })];
    }

    private static async Task<IReadOnlyList<ChunkHit>> LexicalDocumentsAsync(IIndexSnapshot snapshot, string query, int window, SearchFilter filter, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("search bm25 documents");
        var hits = await snapshot.RankDocumentsLexicalAsync(query, window, filter, cancellationToken);
        activity?.SetTag("search.hits", hits.Count);
        return hits;
    }

    /// <summary>Each document's best chunk, in the leg's order (its hits come best first), for the first <paramref name="documents"/> documents.</summary>
    private static List<ChunkHit> BestChunkOfEach(IReadOnlyList<ChunkHit> hits, int documents) =>
        [.. hits.DistinctBy(h => h.DocumentId, StringComparer.Ordinal).Take(documents)];
}
