using Ingestion.Core.Embeddings;
using Ingestion.Core.Indexing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingestion.Gateway.Infrastructure;

/// <summary>
/// Query embeddings through the Redis embedding cache the workers fill (key: model id and text hash), so a query
/// asked again (with another k, filter or mode) is not embedded again. An unreachable cache means computing,
/// never failing.
/// </summary>
public sealed class CachedQueryEmbeddings(
    UseLiteEmbeddingGenerator inner,
    IEmbeddingCache cache,
    EmbeddingModelInfo model,
    IOptions<EmbeddingCacheOptions> cacheOptions,
    GatewayMetrics metrics,
    ILogger<CachedQueryEmbeddings> logger) : IEmbeddingGenerator<string, Embedding<float>>
{
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        if (!cacheOptions.Value.Enabled)
        {
            return await inner.GenerateAsync(texts, options, cancellationToken);
        }

        var cached = await ReadAsync(texts, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var missing = Enumerable.Range(0, texts.Count).Where(i => cached[i] is null).ToList();
        var computed = missing.Count == 0 ? [] : await inner.GenerateAsync(missing.Select(i => texts[i]), options, cancellationToken);
        for (int i = 0, next = 0; i < texts.Count; i++)
        {
            result.Add(cached[i] is { } vector ? new Embedding<float>(vector) { ModelId = model.ModelId } : computed[next++]);
            metrics.CacheLookedUp(GatewayMetrics.QueryEmbeddingCache, cached[i] is not null);
        }

        if (missing.Count > 0)
        {
            await WriteAsync([.. missing.Select((i, j) => (texts[i], computed[j].Vector))], cancellationToken);
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        // The inner generator is a singleton of its own.
    }

    private async Task<IReadOnlyList<float[]?>> ReadAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        try
        {
            return await cache.GetAsync(model.ModelId, texts, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "The embedding cache could not be read; embedding the query");
            return new float[]?[texts.Count];
        }
    }

    private async Task WriteAsync(IReadOnlyList<(string Text, ReadOnlyMemory<float> Vector)> entries, CancellationToken cancellationToken)
    {
        try
        {
            await cache.SetAsync(model.ModelId, entries, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "The embedding cache could not be written");
        }
    }
}
