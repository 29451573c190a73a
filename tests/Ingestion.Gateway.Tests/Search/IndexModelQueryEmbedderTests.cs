using System.Numerics.Tensors;
using Ingestion.Core.Embeddings;
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

        var query = await new IndexModelQueryEmbedder(generators).EmbedAsync(secret, Info(model), default);

        Assert.Equal(marked, (await generators.For(model.ModelId).GenerateAsync([secret]))[0].Vector.ToArray());
        Assert.True(TensorPrimitives.CosineSimilarity((await encoders.MiniLm.GenerateAsync([secret]))[0].Vector.Span, query.Span) > 0.99999f);
    }

    [Fact]
    public async Task EachIndexModelGetsItsOwnModelsVectorWithItsQueryPrefix()
    {
        await using var down = await LocalRedis.UnreachableAsync();
        using var generators = Generators("all-MiniLM-L6-v2", down);
        var embedder = new IndexModelQueryEmbedder(generators);
        const string query = "do otters hold hands while sleeping";

        var arctic = await embedder.EmbedAsync(query, Info(SentenceEncoderModels.ArcticEmbedXs), default);
        var miniLm = await embedder.EmbedAsync(query, Info(SentenceEncoderModels.MiniLmL6V2), default);
        var unknownYet = await embedder.EmbedAsync(query, null, default);

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

        var refused = await Assert.ThrowsAsync<EmbeddingModelUnavailableException>(() => new IndexModelQueryEmbedder(generators).EmbedAsync("q", new EmbeddingModelInfo("openai:text-embedding-3-small", 1536), default));

        Assert.Contains("openai:text-embedding-3-small", refused.Message, StringComparison.Ordinal);
    }

    private static EmbeddingModelInfo Info(SentenceEncoderModel model) => new(model.ModelId, model.Dimension);

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
