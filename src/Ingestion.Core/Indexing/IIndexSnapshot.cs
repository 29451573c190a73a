namespace Ingestion.Core.Indexing;

/// <summary>The two retrieval legs over one point-in-time state of the index.</summary>
public interface IIndexSnapshot : IDisposable
{
    /// <summary>Lexical BM25 search over title and text.</summary>
    Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, CancellationToken cancellationToken);

    /// <summary>Exact nearest neighbours of <paramref name="queryVector"/> by cosine similarity.</summary>
    Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, CancellationToken cancellationToken);
}
