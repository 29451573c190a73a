using Ingestion.Core.Embeddings;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Query vectors made by the model of the index state being searched, with that model's query prefix, through the
/// embedding cache: by the query encoder tuned from that model when <c>Embeddings:QueryEncoder</c> names one. Usually
/// that is the configured model; while a re-index for a new model runs, searches read the old index, so its queries
/// are embedded with the old model. A caller's cached query vectors are its own: one caller's query is never answered
/// from another's, whose speed (or the cache's hit count) would tell that someone asked the same words.
/// </summary>
public sealed class IndexModelQueryEmbedder(EmbeddingGenerators generators) : IQueryEmbedder
{
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string query, EmbeddingModelInfo? model, string? cacheScope, CancellationToken cancellationToken)
    {
        var modelId = model?.ModelId ?? generators.Configured.Info.ModelId;
        var generator = generators.ForQueries(modelId);
        var options = cacheScope is null ? null : new Microsoft.Extensions.AI.EmbeddingGenerationOptions { AdditionalProperties = new() { [RedisCachingEmbeddingGenerator.CacheScopeProperty] = cacheScope } };
        return (await generator.GenerateAsync([SentenceEncoderModels.QueryPrefixOf(modelId) + query], options, cancellationToken))[0].Vector;
    }
}
