using Ingestion.Core.Embeddings;

namespace Ingestion.Gateway.Search;

/// <summary>Makes a query's vector for an index state: with the model its vectors came from, and that model's query prefix.</summary>
public interface IQueryEmbedder
{
    /// <param name="query">The user's query, as typed.</param>
    /// <param name="model">The model of the index state that will be searched; null when it holds no vectors yet.</param>
    /// <param name="cacheScope">Whose cached query vectors this query may be answered from (<see cref="Identity.Caller.QueryCacheScope"/>); null: the cache's shared keys.</param>
    /// <param name="cancellationToken">Cancels the embedding.</param>
    Task<ReadOnlyMemory<float>> EmbedAsync(string query, EmbeddingModelInfo? model, string? cacheScope, CancellationToken cancellationToken);
}
