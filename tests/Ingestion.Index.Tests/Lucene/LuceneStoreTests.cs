using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Vectors;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene;

/// <summary>What only the embedded store promises beyond the contract (<see cref="Contract.ChunkStoreContract"/>): point-in-time snapshots, readers in other processes, versions kept across reopening.</summary>
public sealed class LuceneStoreTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private LuceneChunkIndexWriter _writer = null!;
    private LuceneChunkIndexReader _searcher = null!;

    private IOptions<IndexOptions> Options => Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.Zero });

    public Task InitializeAsync()
    {
        _writer = LuceneChunkIndexWriter.Open(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        _searcher = new LuceneChunkIndexReader(Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _searcher.Dispose();
        await _writer.DisposeAsync();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task VersionsSurviveAReopenOfTheWriter()
    {
        await Write("doc", 7, "Title", "Persistent herons.");
        // Replaced versions leave deleted manifests in their segments: only the live one may count.
        await Write("replaced", 9, "Title", "Newer egrets.");
        await Write("replaced", 10, "Title", "Newest egrets.");
        await _writer.ApplyAsync(new RemoveDocument("gone", 4), default);
        await _writer.DisposeAsync();
        _writer = LuceneChunkIndexWriter.Open(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);

        Assert.Equal(WriteOutcome.Stale, await Write("doc", 6, "Title", "Older herons."));
        Assert.Equal((10L, 4L), (await _writer.IndexedVersionAsync("replaced", default), await _writer.IndexedVersionAsync("gone", default)));
        Assert.Equal(WriteOutcome.Stale, await Write("gone", 3, "Title", "A late older write."));
    }

    [Fact]
    public async Task ASecondWriterOfTheSameIndexFailsToOpenNamingTheOtherWriterAndTheFirstKeepsWriting()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.Zero, WriterLockTimeout = TimeSpan.FromMilliseconds(200) });

        var refused = Assert.Throws<IOException>(() => LuceneChunkIndexWriter.Open(options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System));

        Assert.Contains("another writer", refused.Message, StringComparison.Ordinal);
        Assert.Equal(WriteOutcome.Applied, await Write("doc", 1, "Title", "Still writing herons."));
        Assert.Null(_writer.Failure);
    }

    [Fact]
    public async Task VectorsSplitIntoBlocksOfWholeRowsReadBackEveryRowAsStored()
    {
        // Blocks of 3 rows stand in for blocks of 2^30 floats, which only segments of millions of chunks fill.
        for (var i = 0; i < 8; i++)
        {
            await Write($"doc{i}", 1, "Title", $"Text {i}.", [i, i + 0.25f, i + 0.5f, i + 0.75f]);
        }

        var layout = LuceneIndexLayout.Of(Options.Value);
        using var directory = global::Lucene.Net.Store.FSDirectory.Open(new DirectoryInfo(layout.PathOf(layout.Current!)));
        using var reader = global::Lucene.Net.Index.DirectoryReader.Open(directory);
        var firsts = new List<float>();
        foreach (var leaf in reader.Leaves)
        {
            var vectors = SegmentVectors.Load(leaf.AtomicReader, Model.Dimension, maxElementsPerBlock: 3 * Model.Dimension);
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                if (vectors.Present[doc])
                {
                    var first = vectors.Row(doc)[0];
                    Assert.Equal([first, first + 0.25f, first + 0.5f, first + 0.75f], vectors.Row(doc).ToArray());
                    firsts.Add(first);
                }
            }
        }

        Assert.Equal([0f, 1, 2, 3, 4, 5, 6, 7], firsts.Order());
        Assert.True((long)RowBlocks.RowsPerBlock(384) * 384 <= RowBlocks.MaxElements);
    }

    [Fact]
    public async Task AnIndexFolderBuiltAgainFromNothingNeverRepeatsAGenerationSoNoCachedAnswerOutlivesIt()
    {
        await Write("doc", 1, "Title", "First life of the folder.");
        _searcher.Refresh();
        long before;
        using (var snapshot = _searcher.AcquireSnapshot())
        {
            before = snapshot.Generation;
        }

        // The same writes into a folder deleted and made again: Lucene's reader versions start over.
        _searcher.Dispose();
        await _writer.DisposeAsync();
        Directory.Delete(_dataPath, recursive: true);
        _writer = LuceneChunkIndexWriter.Open(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        _searcher = new LuceneChunkIndexReader(Options);
        await Write("doc", 1, "Title", "Second life of the folder.");
        _searcher.Refresh();
        using var rebuilt = _searcher.AcquireSnapshot();

        Assert.NotEqual(before, rebuilt.Generation);
        Assert.True(rebuilt.Generation >= 0);
    }

    [Fact]
    public async Task DenseScoresAreExactDotProductsWithTheQueryVector()
    {
        // Beyond the contract's tolerance for quantised stores: the embedded kNN is exact.
        await Write("x", 1, "x", "x", [1, 0, 0, 0]);
        await Write("xy", 1, "xy", "xy", [0.7071f, 0.7071f, 0, 0]);

        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        var hits = await snapshot.SearchDenseAsync(new float[] { 0.9f, 0.1f, 0, 0 }, 2, SearchFilter.None, default);

        Assert.Equal(["x", "xy"], hits.Select(h => h.DocumentId));
        Assert.Equal(0.9f, hits[0].Score, 5);
        Assert.Equal(0.7071f, hits[1].Score, 4);
    }

    [Fact]
    public async Task HitsRankedForFusionCarryTheKeysOfTheWholeHitsAndCompleteToThemInTheirOrder()
    {
        await Write("herons", 3, "Herons", "Herons wade in shallow water for fish.", [1, 0, 0, 0], chunkCount: 3);
        await Write("egrets", 7, "Egrets", "Egrets wade and herons watch.", [0.6f, 0.8f, 0, 0]);
        await Write("gulls", 2, "Gulls", "Gulls steal fish from herons.", [0, 0, 1, 0]);
        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        float[] query = [0.9f, 0.3f, 0.1f, 0];

        foreach (var (whole, ranked) in new[]
        {
            (await snapshot.SearchLexicalAsync("herons wade", 10, SearchFilter.None, default), await snapshot.RankLexicalAsync("herons wade", 10, SearchFilter.None, default)),
            (await snapshot.SearchDenseAsync(query, 10, SearchFilter.None, default), await snapshot.RankDenseAsync(query, 10, SearchFilter.None, default)),
        })
        {
            Assert.Equal(5, whole.Count);
            Assert.Equal(whole.Select(h => (h.ChunkId, h.DocumentId, h.Version, h.Score)), ranked.Select(h => (h.ChunkId, h.DocumentId, h.Version, h.Score)));
            Assert.All(ranked, h => Assert.Empty(h.Text));

            // Completed in another order than ranked: each comes back whole, in the order asked.
            var reversed = ranked.Reverse().ToList();
            Assert.Equal(whole.Reverse(), await snapshot.CompleteAsync(reversed, default));

            // A snapshot of the same commit that did not rank them finds them by their ids.
            using var other = _searcher.AcquireSnapshot();
            Assert.Equal(whole, await other.CompleteAsync(ranked, default));
        }
    }

    [Fact]
    public async Task TheVersionsASnapshotHoldsAreTheWritersAcrossCommitsReplacesAndDeletes()
    {
        // Several commits make several segments, with replaced manifests left deleted in older ones.
        var random = new Random(7);
        var ids = Enumerable.Range(0, 30).Select(i => $"doc{i}").ToList();
        for (var round = 1; round <= 4; round++)
        {
            foreach (var id in ids.Where(_ => random.NextDouble() < 0.6))
            {
                var version = round * 10L;
                _ = random.NextDouble() < 0.25
                    ? await _writer.ApplyAsync(new RemoveDocument(id, version), default)
                    : await Write(id, version, "Title", $"Round {round} of {id}.", chunkCount: 2);
            }
        }

        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        var held = await snapshot.IndexedVersionsAsync([.. ids, "never"], default);

        foreach (var id in ids)
        {
            var expected = await _writer.IndexedVersionAsync(id, default);
            Assert.Equal(expected, held.TryGetValue(id, out var version) ? version.Version : null);
        }

        Assert.False(held.ContainsKey("never"));
        Assert.Contains(held.Values, v => v.Deleted);
        Assert.Contains(held.Values, v => !v.Deleted);
    }

    [Fact]
    public async Task ASnapshotKeepsItsViewWhileNewCommitsArrive()
    {
        await Write("first", 1, "Title", "Pelicans dive for fish.");
        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();

        await Write("second", 1, "Title", "Pelicans nest on islands.");
        _searcher.Refresh();

        Assert.Equal(["first"], (await snapshot.SearchLexicalAsync("pelicans", 10, SearchFilter.None, default)).Select(h => h.DocumentId));
        Assert.Equal(2, (await Lexical("pelicans")).Count);
    }

    [Fact]
    public async Task ASearcherInAnotherInstanceSeesCommittedWritesAfterRefresh()
    {
        using var other = new LuceneChunkIndexReader(Options);
        await Write("doc", 1, "Title", "Narwhals have tusks.");

        other.Refresh();

        using var snapshot = other.AcquireSnapshot();
        Assert.Single(await snapshot.SearchLexicalAsync("narwhal", 10, SearchFilter.None, default));
    }

    private async Task<IReadOnlyList<ChunkHit>> Lexical(string query)
    {
        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        return await snapshot.SearchLexicalAsync(query, 10, SearchFilter.None, default);
    }

    [Fact]
    public async Task TheIndexSearchesReadIsDescribedAsItsSearcherSeesIt()
    {
        await Write("a", 1, "A", "Herons.");
        await Write("b", 1, "B", "Egrets.");
        await _writer.ApplyAsync(new RemoveDocument("c", 1), default);
        _searcher.Refresh();

        var state = await _searcher.DescribeAsync(default);

        Assert.Equal((3L, Model), (state.Current!.Documents, state.Current.Model));
        Assert.Null(state.Building);
        // A commit the searcher has not refreshed to yet is not counted: the state is the one searches answer from.
        await Write("d", 1, "D", "Bitterns.");
        Assert.Equal(3L, (await _searcher.DescribeAsync(default)).Current!.Documents);
        _searcher.Refresh();
        Assert.Equal(4L, (await _searcher.DescribeAsync(default)).Current!.Documents);
    }

    private Task<WriteOutcome> Write(string id, long version, string title, string text, float[]? vector = null, int chunkCount = 1)
    {
        var chunks = Enumerable.Range(0, chunkCount).Select(i => Chunk(id, i, text, vector ?? [0.5f, 0.5f, 0.5f, 0.5f])).ToList();
        return _writer.ApplyAsync(new ReplaceDocument(id, version, title, "text/plain", ["tag"], Model.ModelId, chunks), default);
    }

    private static IndexedChunk Chunk(string id, int ordinal, string text, float[] vector) =>
        new($"{id}#{ordinal}", ordinal, text, 0, text.Length, vector);
}
