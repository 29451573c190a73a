using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Embeddings.Quantization.Onnx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Tests.Embeddings;

/// <summary>
/// A query encoder tuned from a packaged model (<c>Embeddings:QueryEncoder</c>) encodes the queries of an index of that
/// model, and nothing else: documents keep the packaged vectors, other models' indexes their own queries, and the cache
/// never serves one's vector as the other's. The tuned graph here is the packaged one with one bias moved, which is
/// what tuning does to every weight: another graph of the same shape.
/// </summary>
public sealed class TunedQueryEncoderTests(PackagedEncoders encoders, LocalRedis redis) : IClassFixture<PackagedEncoders>, IClassFixture<LocalRedis>, IDisposable
{
    private const string Query = "do otters hold hands while they sleep";
    private readonly string _folder = Directory.CreateTempSubdirectory("tuned-query-encoder-").FullName;

    [Fact]
    public async Task QueriesOfAnIndexOfItsModelGoThroughTheTunedGraphAndDocumentsKeepThePackagedOnes()
    {
        var graph = TunedGraph();
        var path = Write(graph);
        using var generators = Generators(SentenceEncoderModels.MiniLmL6V2, path, cache: false);
        using var direct = OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2, 1, 8, tunedGraph: graph);
        var tuned = (await direct.GenerateAsync([Query]))[0].Vector;
        var packaged = (await encoders.MiniLm.GenerateAsync([Query]))[0].Vector;

        var query = (await generators.ForQueries(SentenceEncoderModels.MiniLmL6V2.ModelId).GenerateAsync([Query]))[0].Vector;
        var document = (await generators.For(SentenceEncoderModels.MiniLmL6V2.ModelId).GenerateAsync([Query]))[0].Vector;
        var otherIndex = (await generators.ForQueries(SentenceEncoderModels.MiniLmL6V2Int8.ModelId).GenerateAsync([Query]))[0].Vector;

        Assert.True(TensorPrimitives.CosineSimilarity(tuned.Span, packaged.Span) < 0.999f, "the tuned graph must make other vectors for the test to tell them apart");
        Assert.True(TensorPrimitives.CosineSimilarity(tuned.Span, query.Span) > 0.99999f);
        Assert.True(TensorPrimitives.CosineSimilarity(packaged.Span, document.Span) > 0.99999f);
        Assert.True(TensorPrimitives.CosineSimilarity((await encoders.MiniLmInt8.GenerateAsync([Query]))[0].Vector.Span, otherIndex.Span) > 0.99999f);
    }

    [Fact]
    public async Task AnInt8ModelsTunedGraphIsQuantisedAsTheModelIs()
    {
        var graph = TunedGraph();
        using var generators = Generators(SentenceEncoderModels.MiniLmL6V2Int8, Write(graph), cache: false);
        using var fp32 = OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2, 1, 8, tunedGraph: graph);
        using var int8 = OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2Int8, 1, 8, tunedGraph: graph);

        var query = (await generators.ForQueries(SentenceEncoderModels.MiniLmL6V2Int8.ModelId).GenerateAsync([Query]))[0].Vector;

        Assert.Equal((await int8.GenerateAsync([Query]))[0].Vector.ToArray(), query.ToArray());
        Assert.NotEqual((await fp32.GenerateAsync([Query]))[0].Vector.ToArray(), query.ToArray());
    }

    [Fact]
    public async Task TheCacheNeverServesThePackagedModelsQueryVectorForTheTunedOne()
    {
        // A search before the tuned encoder was configured cached the packaged model's vector of this query.
        var query = $"{Query} {Guid.NewGuid():N}";
        var model = SentenceEncoderModels.MiniLmL6V2;
        var marked = Enumerable.Repeat(1f / MathF.Sqrt(model.Dimension), model.Dimension).ToArray();
        var packagedKey = $"{RedisCachingEmbeddingGenerator.QueryKeys}:{model.ModelId}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(query)))}";
        await redis.Connection.GetDatabase().StringSetAsync(packagedKey, VectorBytes.From(marked), TimeSpan.FromMinutes(5));
        var graph = TunedGraph();
        using var generators = Generators(model, Write(graph), cache: true);
        using var direct = OnnxSentenceEncoder.Load(model, 1, 8, tunedGraph: graph);

        var first = (await generators.ForQueries(model.ModelId).GenerateAsync([query]))[0].Vector;
        var again = (await generators.ForQueries(model.ModelId).GenerateAsync([query]))[0].Vector;

        Assert.True(TensorPrimitives.CosineSimilarity((await direct.GenerateAsync([query]))[0].Vector.Span, first.Span) > 0.99999f);
        Assert.Equal(first.ToArray(), again.ToArray());
    }

    [Theory]
    [InlineData("tuned.onnx", null, "ForModel")]
    [InlineData(null, "all-MiniLM-L6-v2", "Path")]
    [InlineData("tuned.onnx", "endpoint", "not a packaged model")]
    [InlineData("tuned.onnx", "bge-base", "not a packaged model")]
    public void SettingsThatNameNoUsableEncoderAreRefusedWithTheSettingNamed(string? path, string? forModel, string reason)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => TunedQueryEncoder.Resolve(new QueryEncoderOptions { Path = path, ForModel = forModel }));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains("Embeddings:QueryEncoder", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoSettingsMeanThePackagedModelForQueries() =>
        Assert.Null(TunedQueryEncoder.Resolve(new QueryEncoderOptions()));

    [Fact]
    public async Task AMissingOrUnrunnableGraphStopsTheServiceThatEmbedsQueriesWithTheReason()
    {
        var missing = Path.Combine(_folder, "missing.onnx");
        var garbage = Path.Combine(_folder, "garbage.onnx");
        await File.WriteAllBytesAsync(garbage, [1, 2, 3, 4, 5, 6, 7, 8]);
        using var gone = Generators(SentenceEncoderModels.MiniLmL6V2, missing, cache: false);
        using var broken = Generators(SentenceEncoderModels.MiniLmL6V2, garbage, cache: false);

        var refusedMissing = await Assert.ThrowsAsync<InvalidOperationException>(() => gone.LoadQueryEncoderAsync(default));
        var refusedBroken = await Assert.ThrowsAsync<InvalidOperationException>(() => broken.LoadQueryEncoderAsync(default));

        Assert.Contains(missing, refusedMissing.Message, StringComparison.Ordinal);
        Assert.Contains(garbage, refusedBroken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGraphOverTheBoundIsRefusedUnread()
    {
        var huge = Path.Combine(_folder, "huge.onnx");
        await using (var file = File.Create(huge))
        {
            // Sparse: the length is set, no bytes written.
            file.SetLength(QueryEncoderOptions.MaxGraphBytes + 1);
        }

        using var generators = Generators(SentenceEncoderModels.MiniLmL6V2, huge, cache: false);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => generators.LoadQueryEncoderAsync(default));
        Assert.Contains("over the", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The packaged fp32 MiniLM graph with the embeddings' LayerNorm bias moved by 0.2.</summary>
    private static byte[] TunedGraph()
    {
        var model = ModelProto.Parser.ParseFrom(EmbeddedModelResources.ReadModel(SentenceEncoderModels.MiniLmL6V2));
        var bias = model.Graph.Initializer.Single(t => t.Name == "embeddings.LayerNorm.bias");
        var values = MemoryMarshal.Cast<byte, float>(bias.RawData.ToByteArray()).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] += 0.2f;
        }

        bias.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        return model.ToByteArray();
    }

    private string Write(byte[] graph)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, graph);
        return path;
    }

    private EmbeddingGenerators Generators(SentenceEncoderModel model, string tunedPath, bool cache)
    {
        var options = new EmbeddingOptions { Model = model.Name, BatchSize = 8, IntraOpThreads = 1, QueryEncoder = new QueryEncoderOptions { Path = tunedPath, ForModel = model.Name } };
        return new EmbeddingGenerators(
            EmbeddingModelChoice.Resolve(options, null),
            Options.Create(options),
            Options.Create(new EmbeddingCacheOptions { Enabled = cache }),
            redis.Connection,
            CacheOutage.Miss,
            new EmbeddingCacheMetrics(new TestMeterFactory()),
            NullLoggerFactory.Instance);
    }
}
