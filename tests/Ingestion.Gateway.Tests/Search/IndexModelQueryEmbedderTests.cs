using System.Numerics.Tensors;
using Ingestion.Core.Embeddings;
using CsCheck;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Tests.Search;

/// <summary>Query vectors come from the model of the index being searched, with that model's query prefix.</summary>
[Collection(SharedRedis.Name)]
public sealed class IndexModelQueryEmbedderTests(PackagedEncoders encoders, LocalRedis redis) : IClassFixture<PackagedEncoders>
{
    [Fact]
    public async Task AQueryNeverReadsTheVectorCachedForADocumentsTextSoTheCacheCannotTellThatTextExists()
    {
        // A worker cached the vector of a chunk's text (here a marked vector, to tell it apart from the encoder's). A
        // search for that exact text must not be answered from it: a hit is faster, and shows that some document,
        // maybe one the searcher may not read, holds that text.
        var secret = $"salary of the chief executive {Guid.NewGuid():N}";
        var model = SentenceEncoderModels.MiniLmL6V2;
        var marked = Enumerable.Repeat(1f / MathF.Sqrt(model.Dimension), model.Dimension).ToArray();
        var documentKey = $"embedding:{model.ModelId}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)))}";
        await redis.Connection.GetDatabase().StringSetAsync(documentKey, VectorBytes.From(marked), TimeSpan.FromMinutes(5));
        using var generators = Generators(model.ModelId, redis.Connection, cache: true);

        var query = await new IndexModelQueryEmbedder(generators).EmbedAsync(secret, Info(model), Caller.SingleUser.QueryCacheScope, default);

        Assert.Equal(marked, (await generators.For(model.ModelId).GenerateAsync([secret]))[0].Vector.ToArray());
        Assert.True(TensorPrimitives.CosineSimilarity((await encoders.MiniLm.GenerateAsync([secret]))[0].Vector.Span, query.Span) > 0.99999f);
    }

    [Fact]
    public async Task OneCallersCachedQueryIsNeverServedToAnother()
    {
        // A query answered from the cache is faster, and counted as a hit on /metrics: served across callers, it would
        // tell anyone who asks the same words that someone else asked them. Each caller's queries have keys of their own.
        var model = SentenceEncoderModels.MiniLmL6V2;
        using var generators = Generators(model.ModelId, redis.Connection, cache: true);
        var embedder = new IndexModelQueryEmbedder(generators);
        var database = redis.Connection.GetDatabase();
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        var marked = Enumerable.Repeat(1f / MathF.Sqrt(model.Dimension), model.Dimension).ToArray();
        await Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 4, 12], Gen.Int[0, 1_000_000]).SampleAsync(async (user, n) =>
        {
            var query = $"is {user} being let go in round {n} {Guid.NewGuid():N}";
            var asker = Caller.Of(Principal(user));
            var other = Caller.Of(Principal(user + "-other"));
            await embedder.EmbedAsync(query, Info(model), asker.QueryCacheScope, default);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(query)));
            var kept = Assert.Single(server.Keys(pattern: $"{RedisCachingEmbeddingGenerator.QueryKeys}:*{hash}"));
            await database.StringSetAsync(kept, VectorBytes.From(marked), TimeSpan.FromMinutes(5));

            var again = await embedder.EmbedAsync(query, Info(model), asker.QueryCacheScope, default);
            var another = await embedder.EmbedAsync(query, Info(model), other.QueryCacheScope, default);

            Assert.Equal(marked, again.ToArray());
            Assert.True(TensorPrimitives.CosineSimilarity((await encoders.MiniLm.GenerateAsync([query]))[0].Vector.Span, another.Span) > 0.99999f);
        }, iter: 10);
    }

    [Fact]
    public async Task EachIndexModelGetsItsOwnModelsVectorWithItsQueryPrefix()
    {
        await using var down = await LocalRedis.UnreachableAsync();
        using var generators = Generators("all-MiniLM-L6-v2", down);
        var embedder = new IndexModelQueryEmbedder(generators);
        const string query = "do otters hold hands while sleeping";

        var arctic = await embedder.EmbedAsync(query, Info(SentenceEncoderModels.ArcticEmbedXs), null, default);
        var miniLm = await embedder.EmbedAsync(query, Info(SentenceEncoderModels.MiniLmL6V2), null, default);
        var unknownYet = await embedder.EmbedAsync(query, null, null, default);

        var prefixed = (await encoders.Arctic.GenerateAsync([SentenceEncoderModels.ArcticEmbedXs.QueryPrefix + query]))[0].Vector;
        var bare = (await encoders.Arctic.GenerateAsync([query]))[0].Vector;
        Assert.True(TensorPrimitives.CosineSimilarity(prefixed.Span, arctic.Span) > 0.99999f);
        Assert.True(TensorPrimitives.CosineSimilarity(bare.Span, arctic.Span) < 0.999f);
        Assert.True(TensorPrimitives.CosineSimilarity((await encoders.MiniLm.GenerateAsync([query]))[0].Vector.Span, miniLm.Span) > 0.99999f);
        Assert.Equal(miniLm.ToArray(), unknownYet.ToArray());
    }

    [Fact]
    public async Task AnIndexOfAModelThatCannotBeMadeHereIsRefusedWithTheReason()
    {
        await using var down = await LocalRedis.UnreachableAsync();
        using var generators = Generators("all-MiniLM-L6-v2", down);

        var refused = await Assert.ThrowsAsync<EmbeddingModelUnavailableException>(() => new IndexModelQueryEmbedder(generators).EmbedAsync("q", new EmbeddingModelInfo("openai:text-embedding-3-small", 1536), null, default));

        Assert.Contains("openai:text-embedding-3-small", refused.Message, StringComparison.Ordinal);
    }

    private static EmbeddingModelInfo Info(SentenceEncoderModel model) => new(model.ModelId, model.Dimension);

    private static System.Security.Claims.ClaimsPrincipal Principal(string user) => new(CallerClaims.Identity("test", user, [Scopes.Read], []));

    private static EmbeddingGenerators Generators(string model, StackExchange.Redis.IConnectionMultiplexer redis, bool cache = false)
    {
        var options = new EmbeddingOptions { Model = model, BatchSize = 8 };
        return new EmbeddingGenerators(
            EmbeddingModelChoice.Resolve(options, null),
            Options.Create(options),
            Options.Create(new EmbeddingCacheOptions { Enabled = cache }),
            redis,
            CacheOutage.Miss,
            new EmbeddingCacheMetrics(new TestMeterFactory()),
            NullLoggerFactory.Instance);
    }
}
