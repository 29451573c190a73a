using Ingestion.Core.Embeddings;
namespace Ingestion.Index;

/// <summary>The two retrieval legs over one point-in-time state of the index.</summary>
public interface IIndexSnapshot : IDisposable
{
    /// <summary>
    /// Identifies the index state this snapshot reads; it changes with every commit (0 before the first). Negative when
    /// the store cannot tell cheaply (Elasticsearch): then nothing may be cached under it.
    /// </summary>
    long Generation { get; }

    /// <summary>
    /// The model whose vectors this state holds, which the query vector must come from; null before the index has any.
    /// While a re-index for another model runs, searches still read the old index, and so its model.
    /// </summary>
    EmbeddingModelInfo? Model { get; }

    /// <summary>Lexical BM25 search over title and text, among the chunks <paramref name="filter"/> admits.</summary>
    Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The version of each document this state holds (its chunks', or its delete's); documents it holds nothing of
    /// are absent. Tells whether a change reported indexed is already searchable here, and answers for a status that
    /// was lost; one call for many documents, as a status query may name a thousand.
    /// </summary>
    Task<IReadOnlyDictionary<string, IndexedVersion>> IndexedVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken);

    /// <summary>
    /// The nearest neighbours of <paramref name="queryVector"/> by cosine similarity among the chunks
    /// <paramref name="filter"/> admits. Approximate: the embedded store compares 1-bit codes and int8 vectors first
    /// and rescores the best exactly, Elasticsearch searches its HNSW graph; the scores returned are exact cosines.
    /// </summary>
    Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The lexical leg for fusion: the same hits in the same order as <see cref="SearchLexicalAsync"/>, of which only
    /// what fusion reads (chunk id, document id, version, score) need be filled; <see cref="CompleteAsync"/> fills the
    /// few that fusion keeps. A store whose hits cost nothing more whole returns them whole.
    /// </summary>
    Task<IReadOnlyList<ChunkHit>> RankLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken) =>
        SearchLexicalAsync(query, count, filter, cancellationToken);

    /// <summary>The dense leg for fusion, as <see cref="RankLexicalAsync"/> is the lexical one.</summary>
    Task<IReadOnlyList<ChunkHit>> RankDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken) =>
        SearchDenseAsync(queryVector, count, filter, cancellationToken);

    /// <summary>
    /// The lexical leg of a ranking of documents: documents scored whole by BM25 (their title and all their text, with
    /// documents' field statistics), best first, each as one hit of its first chunk (keys and score, as
    /// <see cref="RankLexicalAsync"/>'s), among the documents whose chunks <paramref name="filter"/> admits. A store that
    /// cannot score whole documents scores each by its best chunk, which this default does.
    /// </summary>
    async Task<IReadOnlyList<ChunkHit>> RankDocumentsLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken)
    {
        var chunks = await RankLexicalAsync(query, count * 4, filter, cancellationToken);
        return [.. chunks.DistinctBy(c => c.DocumentId, StringComparer.Ordinal).Take(count)];
    }

    /// <summary>
    /// The whole chunks of hits from <see cref="RankLexicalAsync"/> or <see cref="RankDenseAsync"/> of this same state,
    /// in their order and with their scores.
    /// </summary>
    Task<IReadOnlyList<ChunkHit>> CompleteAsync(IReadOnlyList<ChunkHit> ranked, CancellationToken cancellationToken) =>
        Task.FromResult(ranked);

    /// <summary>
    /// Every chunk this state holds, in no particular order (score 0). For audits, such as the fault
    /// test's comparison with the expected final state, and re-indexing; it reads every stored field,
    /// so it is not for the query path.
    /// </summary>
    Task<IReadOnlyList<ChunkHit>> AllChunksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The chunks of the searchable version of <paramref name="documentId"/> that overlap its characters
    /// [<paramref name="fromOffset"/>, <paramref name="toOffset"/>) and that <paramref name="filter"/> admits (its readers: a caller
    /// who may not read the document gets none), in their order (score 0), at most <paramref name="limit"/> of them:
    /// what expands a citation into the document's text.
    /// </summary>
    Task<IReadOnlyList<ChunkHit>> DocumentChunksAsync(string documentId, SearchFilter filter, int fromOffset, int toOffset, int limit, CancellationToken cancellationToken);
}
