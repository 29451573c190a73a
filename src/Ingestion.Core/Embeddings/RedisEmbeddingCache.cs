using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// The embedding cache in Redis: key <c>embedding:{model}:{sha256(text)}</c>, value the vector's bytes.
/// The model is part of the key, so vectors of two models never mix.
/// </summary>
public sealed class RedisEmbeddingCache(IConnectionMultiplexer redis, IOptions<EmbeddingCacheOptions> options) : IEmbeddingCache
{
    public async Task<IReadOnlyList<float[]?>> GetAsync(string modelId, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        var values = await redis.GetDatabase().StringGetAsync([.. texts.Select(t => KeyOf(modelId, t))]);
        return [.. values.Select(v => v.IsNull ? null : VectorBytes.ToVector((byte[])v!))];
    }

    public async Task SetAsync(string modelId, IReadOnlyList<(string Text, ReadOnlyMemory<float> Vector)> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var database = redis.GetDatabase();
        var writes = entries.Select(e => database.StringSetAsync(KeyOf(modelId, e.Text), VectorBytes.From(e.Vector.Span), options.Value.TimeToLive));
        await Task.WhenAll(writes);
    }

    private static RedisKey KeyOf(string modelId, string text) =>
        $"embedding:{modelId}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))}";
}
