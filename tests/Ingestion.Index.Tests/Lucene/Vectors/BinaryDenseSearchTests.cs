using System.Numerics.Tensors;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Vectors;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using DirectoryReader = Lucene.Net.Index.DirectoryReader;
using IndexSearcher = Lucene.Net.Search.IndexSearcher;

namespace Ingestion.Index.Tests.Lucene.Vectors;

/// <summary>
/// The binary dense leg (1-bit codes first, int8 next, float last) on an index large enough for its first pass: the
/// pass hands on exactly the chunks nearest by their bits, the leg's scores are exact, it finds what exact search finds
/// on clustered vectors (as embeddings are), and deleted or filtered chunks never come back.
/// </summary>
public sealed class BinaryDenseSearchTests : IAsyncLifetime
{
    private const int Dimension = 384;
    private const int Documents = 5000;
    private const int Clusters = 50;
    private static readonly EmbeddingModelInfo Model = new("test-model", Dimension);
    private static readonly string[] Tenth = ["tenth"];
    private static readonly string[] Other = ["other"];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private float[][] _centres = [];

    public async Task InitializeAsync()
    {
        var random = new Random(42);
        _centres = [.. Enumerable.Range(0, Clusters).Select(_ => Normalised(Noise(random, 1)))];
        await using var writer = LuceneChunkIndexWriter.Open(Options(), Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        await Task.WhenAll(Enumerable.Range(0, Documents).Select(i =>
        {
            var id = $"doc{i}";
            var vector = Near(_centres[i % Clusters], random, 0.08f);
            _vectors[id] = vector;
            return writer.ApplyAsync(new ReplaceDocument(id, 1, id, "text/plain", i % 10 == 0 ? Tenth : Other, Model.ModelId, [new IndexedChunk($"{id}#0", 0, "text", 0, 4, vector)]), default);
        }));

        // Every seventh document deleted: its vector stays in the segment, its live bit does not.
        await Task.WhenAll(Enumerable.Range(0, Documents).Where(i => i % 7 == 3).Select(i => writer.ApplyAsync(new RemoveDocument($"doc{i}", 2), default)));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dataPath, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void TheFirstPassHandsOnExactlyTheLiveChunksNearestByTheirBits()
    {
        var layout = LuceneIndexLayout.Of(Options().Value);
        using var directory = global::Lucene.Net.Store.FSDirectory.Open(new DirectoryInfo(layout.PathOf(layout.Current!)));
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var query = Near(_centres[3], new Random(5), 0.08f);

        var nearest = BinaryFirstPass.Nearest(searcher, query, restriction: null, keep: 300);

        // Every live chunk's distance, computed one by one from the segment's vectors.
        var distances = new List<(int Doc, int Distance)>();
        foreach (var leaf in reader.Leaves)
        {
            var vectors = QuantizedSegmentVectors.For(leaf.AtomicReader, Dimension);
            var code = new ulong[BinaryCodes.WordsFor(Dimension)];
            vectors.EncodeQuery(query, code);
            var all = new ushort[leaf.AtomicReader.MaxDoc];
            vectors.Distances(code, all);
            for (var doc = 0; doc < all.Length; doc++)
            {
                if (vectors.Present[doc] && (leaf.AtomicReader.LiveDocs is null || leaf.AtomicReader.LiveDocs.Get(doc)))
                {
                    distances.Add((leaf.DocBase + doc, all[doc]));
                }
            }
        }

        var byDoc = distances.ToDictionary(d => d.Doc, d => d.Distance);
        var cutoff = distances.Select(d => d.Distance).Order().ElementAt(299);
        Assert.Equal(300, nearest.Count);
        Assert.Equal(nearest.Order(), nearest);
        Assert.All(nearest, doc => Assert.True(byDoc.TryGetValue(doc, out var distance) && distance <= cutoff, $"doc {doc} is live and within {cutoff}"));
        Assert.Equal(distances.Count(d => d.Distance < cutoff), nearest.Count(doc => byDoc[doc] < cutoff));
    }

    [Fact]
    public async Task BinarySearchReturnsExactScoresAndFindsWhatExactSearchFinds()
    {
        using var exact = new LuceneChunkIndexReader(Options(), LuceneSearchStrategy.DenseBy(DenseSearchMode.Exact));
        // 400 candidates of 5,000 chunks: the first pass runs (the index holds more than ten times its candidates).
        using var binary = new LuceneChunkIndexReader(Options(), LuceneSearchStrategy.DenseBy(DenseSearchMode.Binary));
        var random = new Random(7);
        double found = 0;
        const int Queries = 30;
        for (var q = 0; q < Queries; q++)
        {
            var query = Near(_centres[random.Next(Clusters)], random, 0.08f);
            var expected = await Dense(exact, query, SearchFilter.None);
            var hits = await Dense(binary, query, SearchFilter.None);

            Assert.Equal(10, hits.Count);
            Assert.All(hits, h => Assert.Equal(TensorPrimitives.Dot(query, _vectors[h.DocumentId]), h.Score, 5));
            Assert.All(hits, h => Assert.NotEqual(3, int.Parse(h.DocumentId[3..], System.Globalization.CultureInfo.InvariantCulture) % 7));
            Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "ranked by score");
            found += hits.Select(h => h.DocumentId).Intersect(expected.Select(h => h.DocumentId)).Count() / 10.0;
        }

        Assert.True(found / Queries >= 0.95, $"recall@10 {found / Queries:F3}");
    }

    [Fact]
    public async Task AFilterRestrictsWhatTheBinaryPassHandsOn()
    {
        using var binary = new LuceneChunkIndexReader(Options(), LuceneSearchStrategy.DenseBy(DenseSearchMode.Binary));
        var query = Near(_centres[0], new Random(3), 0.08f);

        var hits = await Dense(binary, query, new SearchFilter { AnyTags = ["tenth"] });

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.Equal(0, int.Parse(h.DocumentId[3..], System.Globalization.CultureInfo.InvariantCulture) % 10));
    }

    [Theory]
    [InlineData(1_000_000, 200, 40_000, true)]
    [InlineData(100_000, 200, 4000, true)]
    [InlineData(40_000, 200, 4000, false)]
    [InlineData(100_000, 2000, 8000, true)]
    public void TheFirstPassHandsOnAShareOfTheIndexAndRunsOnlyWhereItPays(int chunks, int rescored, int candidates, bool pays)
    {
        var settings = DenseSearchSettings.Of(new IndexOptions(), DenseSearchMode.Binary);

        Assert.Equal((candidates, pays), (settings.BinaryCandidates(chunks, rescored), settings.BinaryPays(chunks, rescored)));
    }

    private static async Task<IReadOnlyList<ChunkHit>> Dense(LuceneChunkIndexReader searcher, float[] query, SearchFilter filter)
    {
        using var snapshot = searcher.AcquireSnapshot();
        return await snapshot.SearchDenseAsync(query, 10, filter, default);
    }

    private IOptions<IndexOptions> Options() =>
        Microsoft.Extensions.Options.Options.Create(new IndexOptions
        {
            DataPath = _dataPath,
            CommitDelay = TimeSpan.FromMilliseconds(20),
            DenseRescoreCandidates = 50,
            DenseCandidates = 400,
        });

    private static float[] Near(float[] centre, Random random, float spread)
    {
        var noise = Noise(random, spread);
        TensorPrimitives.Add(noise, centre, noise);
        return Normalised(noise);
    }

    private static float[] Noise(Random random, float spread) =>
        [.. Enumerable.Range(0, Dimension).Select(_ => (float)(random.NextDouble() - 0.5) * spread)];

    private static float[] Normalised(float[] vector)
    {
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
