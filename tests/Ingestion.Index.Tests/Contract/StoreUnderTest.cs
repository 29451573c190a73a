using Ingestion.Core.Embeddings;
using Ingestion.Index.Tests.Elasticsearch;

namespace Ingestion.Index.Tests.Contract;

/// <summary>One store implementation opened empty for one test, with what the contract needs to drive it.</summary>
/// <param name="Writer">Writes documents.</param>
/// <param name="Searcher">Reads them.</param>
/// <param name="MakeVisibleAsync">Makes durable writes searchable (a reader refresh, an index refresh).</param>
/// <param name="OpenForModelAsync">Opens the same index for another embedding model: refused, or building a new index beside it.</param>
/// <param name="StoredChunkIdsAsync">Every chunk the store holds as <c>document@version#ordinal</c>, whether or not searches would return it (orphans included).</param>
/// <param name="FailNext">Makes the next request of a step of the write fail, for stores whose writes take several requests; null for a store whose write is one atomic step.</param>
/// <param name="DisposeAsync">Removes what the test created.</param>
public sealed record StoreUnderTest(
    IChunkIndexWriter Writer,
    IChunkIndexReader Searcher,
    Func<Task> MakeVisibleAsync,
    Func<EmbeddingModelInfo, Task> OpenForModelAsync,
    Func<Task<IReadOnlyList<string>>> StoredChunkIdsAsync,
    Action<StoreStep>? FailNext,
    Func<Task> DisposeAsync);
