using Ingestion.Core.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Ingestion.Core.Tests.Embeddings;

/// <summary>The one embedding cache of workers and gateway, against a real Redis.</summary>
public sealed class RedisCachingEmbeddingGeneratorTests(LocalRedis redis) : IClassFixture<LocalRedis>
{
    private static readonly System.Diagnostics.Metrics.IMeterFactory Meters = new TestMeterFactory();

    [Fact]
    public async Task ATextEmbeddedOnceComesFromRedisAfterwardsWithTheSameVector()
    {
        var model = Unique("model");
        var inner = new CountingGenerator();
        using var cached = Cache(inner, redis.Connection, model, CacheOutage.Fail);

        var first = await cached.GenerateAsync(["alpha", "beta"]);
        var second = await cached.GenerateAsync(["beta", "gamma"]);

        Assert.Equal(["alpha", "beta", "gamma"], inner.Seen);
        Assert.Equal(first[1].Vector.ToArray(), second[0].Vector.ToArray());
        Assert.Equal(CountingGenerator.VectorOf("gamma"), second[1].Vector.ToArray());
    }

    [Fact]
    public async Task VectorsAreKeptUnderTheModelAndTheTextsHashWithATimeToLive()
    {
        var model = Unique("model");
        using var cached = Cache(new CountingGenerator(), redis.Connection, model, CacheOutage.Fail);

        await cached.GenerateAsync(["alpha"]);

        var key = $"embedding:{model}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("alpha"u8))}";
        var ttl = await redis.Connection.GetDatabase().KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task TwoModelsNeverShareAVector()
    {
        var first = new CountingGenerator();
        var second = new CountingGenerator();
        using var a = Cache(first, redis.Connection, Unique("a"), CacheOutage.Fail);
        using var b = Cache(second, redis.Connection, Unique("b"), CacheOutage.Fail);

        await a.GenerateAsync(["same text"]);
        await b.GenerateAsync(["same text"]);

        Assert.Equal(["same text"], second.Seen);
    }

    [Fact]
    public async Task AnUnreachableCacheIsAMissForCallersThatChoseSoAndAnErrorForTheOthers()
    {
        await using var down = await LocalRedis.UnreachableAsync();
        var inner = new CountingGenerator();
        using var tolerant = Cache(inner, down, "m", CacheOutage.Miss);
        using var strict = Cache(new CountingGenerator(), down, "m", CacheOutage.Fail);

        var embeddings = await tolerant.GenerateAsync(["alpha"]);

        Assert.Equal(CountingGenerator.VectorOf("alpha"), embeddings[0].Vector.ToArray());
        await Assert.ThrowsAnyAsync<RedisException>(() => strict.GenerateAsync(["alpha"]));
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    private static RedisCachingEmbeddingGenerator Cache(IEmbeddingGenerator<string, Embedding<float>> inner, IConnectionMultiplexer connection, string model, CacheOutage outage) =>
        new(inner, connection, RedisCachingEmbeddingGenerator.DocumentKeys, model, TimeSpan.FromHours(1), outage, new EmbeddingCacheMetrics(new TestMeterFactory()), NullLogger<RedisCachingEmbeddingGenerator>.Instance);

    /// <summary>Records every text it is asked to embed; its vectors are predictable from the text.</summary>
    private sealed class CountingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<string> Seen { get; } = [];

        public static float[] VectorOf(string text) => [text.Length, text[0], 1, 0];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            Seen.AddRange(texts);
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(VectorOf(t)))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
