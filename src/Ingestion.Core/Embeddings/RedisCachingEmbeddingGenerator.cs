using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// The embedding cache in Redis, as a decorator of any embedding generator (Microsoft.Extensions.AI's caching
/// generator, which embeds only the texts it does not find): key <c>{keyPrefix}:{model}:{sha256(text)}</c>, value the
/// vector's little-endian float32 bytes, with a time to live so the cache cannot grow without bound. The model is part
/// of the key, so vectors of two models never mix; so is what the texts are (<see cref="DocumentKeys"/> or
/// <see cref="QueryKeys"/>), so a search can never be answered from a document's vector: that hit would tell the
/// searcher, by its speed, that some document holds exactly that text; and so is a scope the options may name
/// (<see cref="CacheScopeProperty"/>: the gateway's caller), so one caller's query is never answered from another's.
/// Whether an unreachable Redis is an error or a miss is the caller's <see cref="CacheOutage"/>.
/// </summary>
public sealed class RedisCachingEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> inner,
    IConnectionMultiplexer redis,
    string keyPrefix,
    string modelId,
    TimeSpan timeToLive,
    CacheOutage outage,
    EmbeddingCacheMetrics metrics,
    ILogger<RedisCachingEmbeddingGenerator> logger) : CachingEmbeddingGenerator<string, Embedding<float>>(new ScopeRemoved(inner))
{
    /// <summary>The keys of documents' chunk texts, which workers and the indexer embed.</summary>
    public const string DocumentKeys = "embedding";

    /// <summary>The keys of search queries, apart from the documents'.</summary>
    public const string QueryKeys = "embedding-query";

    /// <summary>The option (in <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>) naming whose cached vectors a text may be answered from.</summary>
    public const string CacheScopeProperty = "ingestion.cacheScope";

    /// <summary>
    /// The key of a text's vector: the first value is the text, the second the options, which change no vector here
    /// but may name a scope (<see cref="CacheScopeProperty"/>) whose keys are apart from all others.
    /// </summary>
    protected override string GetCacheKey(params ReadOnlySpan<object?> values)
    {
        var text = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(values[0] as string ?? string.Empty)));
        return values.Length > 1 && ScopeOf(values[1] as EmbeddingGenerationOptions) is { } scope
            ? $"{keyPrefix}:{modelId}:{scope}:{text}"
            : $"{keyPrefix}:{modelId}:{text}";
    }

    protected override async Task<Embedding<float>?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        RedisValue value;
        try
        {
            value = await redis.GetDatabase().StringGetAsync(key);
        }
        catch (Exception exception) when (outage is CacheOutage.Miss && exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "The embedding cache could not be read; embedding instead");
            value = RedisValue.Null;
        }

        metrics.LookedUp(hit: !value.IsNull);
        return value.IsNull ? null : new Embedding<float>(VectorBytes.ToVector((byte[])value!)) { ModelId = modelId };
    }

    protected override async Task WriteCacheAsync(string key, Embedding<float> value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            await redis.GetDatabase().StringSetAsync(key, VectorBytes.From(value.Vector.Span), timeToLive);
        }
        catch (Exception exception) when (outage is CacheOutage.Miss && exception is RedisException or TimeoutException)
        {
            logger.LogWarning(exception, "The embedding cache could not be written");
        }
    }

    private static string? ScopeOf(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(CacheScopeProperty, out var scope) == true ? scope as string : null;

    /// <summary>The encoder behind the cache, given the options without the cache's scope, which is no concern of a model's endpoint.</summary>
    private sealed class ScopeRemoved(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (ScopeOf(options) is not null)
            {
                options = options!.Clone();
                options.AdditionalProperties!.Remove(CacheScopeProperty);
            }

            return base.GenerateAsync(values, options, cancellationToken);
        }
    }
}
