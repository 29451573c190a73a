using System.Numerics.Tensors;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Vectors;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene.Vectors;

/// <summary>
/// The quantised dense leg against the exact one on the same index: its scores are exact dot products (rescored from
/// the float vectors), it finds what exact search finds, and a filter still restricts what it scans.
/// </summary>
public sealed class QuantizedDenseSearchTests : IAsyncLifetime
{
    private const int Dimension = 64;
    private const int Documents = 1500;
    private static readonly EmbeddingModelInfo Model = new("test-model", Dimension);
    private static readonly string[] Tenth = ["tenth"];
    private static readonly string[] Other = ["other"];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var random = new Random(42);
        await using var writer = LuceneChunkIndexWriter.Open(Options(), Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        await Task.WhenAll(Enumerable.Range(0, Documents).Select(i =>
        {
            var id = $"doc{i}";
            var vector = Normalised(random);
            _vectors[id] = vector;
            var tags = i % 10 == 0 ? Tenth : Other;
            return writer.ApplyAsync(new ReplaceDocument(id, 1, id, "text/plain", tags, Model.ModelId, [new IndexedChunk($"{id}#0", 0, "text", 0, 4, vector)]), default);
        }));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dataPath, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task QuantisedSearchReturnsExactScoresAndFindsWhatExactSearchFinds()
    {
        using var exact = new LuceneChunkIndexReader(Options(), LuceneSearchStrategy.DenseBy(DenseSearchMode.Exact));
        using var quantised = new LuceneChunkIndexReader(Options(rescoreCandidates: 50), LuceneSearchStrategy.DenseBy(DenseSearchMode.Quantized));
        var random = new Random(7);
        double found = 0;
        const int Queries = 30;
        for (var q = 0; q < Queries; q++)
        {
            var query = Normalised(random);
            var expected = await Dense(exact, query, SearchFilter.None);
            var hits = await Dense(quantised, query, SearchFilter.None);

            Assert.Equal(10, hits.Count);
            Assert.All(hits, h => Assert.Equal(TensorPrimitives.Dot(query, _vectors[h.DocumentId]), h.Score, 5));
            Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "ranked by score");
            found += hits.Select(h => h.DocumentId).Intersect(expected.Select(h => h.DocumentId)).Count() / 10.0;
        }

        // Random vectors are the hardest case for quantisation (no clusters); rescoring 50 candidates still finds nearly all.
        Assert.True(found / Queries >= 0.95, $"recall@10 {found / Queries:F3}");
    }

    [Fact]
    public async Task AFilterRestrictsWhatTheQuantisedScanConsiders()
    {
        using var quantised = new LuceneChunkIndexReader(Options(rescoreCandidates: 20), LuceneSearchStrategy.DenseBy(DenseSearchMode.Quantized));
        var query = Normalised(new Random(3));

        var hits = await Dense(quantised, query, new SearchFilter { AnyTags = ["tenth"] });

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Equal(0, int.Parse(h.DocumentId[3..], System.Globalization.CultureInfo.InvariantCulture) % 10));
    }

    private static async Task<IReadOnlyList<ChunkHit>> Dense(LuceneChunkIndexReader searcher, float[] query, SearchFilter filter)
    {
        using var snapshot = searcher.AcquireSnapshot();
        return await snapshot.SearchDenseAsync(query, 10, filter, default);
    }

    [Fact]
    public async Task ABinarySearchOfAnIndexTooSmallForItsFirstPassScansInt8AndFindsWhatExactSearchFinds()
    {
        using var exact = new LuceneChunkIndexReader(Options(), LuceneSearchStrategy.DenseBy(DenseSearchMode.Exact));
        using var binary = new LuceneChunkIndexReader(Options(rescoreCandidates: 50), LuceneSearchStrategy.DenseBy(DenseSearchMode.Binary));
        var query = Normalised(new Random(11));

        // 1,500 chunks are fewer than ten times the 4,000 candidates a binary first pass would hand on.
        Assert.Equal(
            (await Dense(exact, query, SearchFilter.None)).Select(h => h.ChunkId),
            (await Dense(binary, query, SearchFilter.None)).Select(h => h.ChunkId));
    }

    private IOptions<IndexOptions> Options(int rescoreCandidates = 200) =>
        Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.FromMilliseconds(20), DenseRescoreCandidates = rescoreCandidates });

    private static float[] Normalised(Random random)
    {
        var vector = Enumerable.Range(0, Dimension).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var norm = TensorPrimitives.Norm(vector);
        return [.. vector.Select(x => x / norm)];
    }
}
