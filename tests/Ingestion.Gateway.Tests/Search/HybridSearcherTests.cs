using Ingestion.Core.Embeddings;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Search;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Search;

/// <summary>How many hits each leg is asked for: a fusion window for hybrid search, and only k for one leg alone.</summary>
public sealed class HybridSearcherTests
{
    private static readonly FusionParameters Fusion = new(FusionMethod.Cc, RrfK: 60, Window: 100, LexicalWeight: 0.5, DenseWeight: 0.5);

    [Theory]
    [InlineData(SearchMode.Lexical, 10, 0)]
    [InlineData(SearchMode.Dense, 0, 10)]
    [InlineData(SearchMode.Hybrid, 100, 100)]
    public async Task EachLegIsAskedForAWindowOnlyWhenItsHitsAreFused(SearchMode mode, int lexical, int dense)
    {
        var snapshot = new RecordingSnapshot();
        var searcher = new HybridSearcher(new OneSnapshot(snapshot), new ZeroVector());

        await searcher.SearchAsync("herons", mode, 10, Fusion, SearchFilter.None, Caller.SingleUser, default);

        Assert.Equal((lexical, dense), (snapshot.LexicalCount, snapshot.DenseCount));
    }

    [Fact]
    public async Task HybridSearchRanksTheWindowsByKeysAndReadsWholeOnlyTheHitsItReturnsInTheirOrder()
    {
        var snapshot = new RecordingSnapshot();
        var searcher = new HybridSearcher(new OneSnapshot(snapshot), new ZeroVector());

        var hits = await searcher.SearchAsync("herons", SearchMode.Hybrid, 3, Fusion, SearchFilter.None, Caller.SingleUser, default);

        Assert.Equal((100, 100), (snapshot.RankedLexical, snapshot.RankedDense));
        Assert.Equal(["c0", "c1", "c2"], snapshot.Completed);
        Assert.Equal(["c0", "c1", "c2"], hits.Select(h => h.Chunk.ChunkId));
        Assert.All(hits, h => Assert.Equal($"text of {h.Chunk.ChunkId}", h.Chunk.Text));
    }

    [Fact]
    public async Task AHybridSearchForMoreHitsThanItsWindowFusesKOfEachLeg()
    {
        // Each leg is asked for k when k is larger than the window: fusion must then read all k, not the window's first.
        var snapshot = new RecordingSnapshot();
        var searcher = new HybridSearcher(new OneSnapshot(snapshot), new ZeroVector());

        var hits = await searcher.SearchAsync("herons", SearchMode.Hybrid, 50, Fusion with { Window = 10 }, SearchFilter.None, Caller.SingleUser, default);

        Assert.Equal((50, 50), (snapshot.RankedLexical, snapshot.RankedDense));
        Assert.Equal(50, hits.Count);
    }

    private sealed class RecordingSnapshot : IIndexSnapshot
    {
        public int LexicalCount { get; private set; }

        public int DenseCount { get; private set; }

        public long Generation => 1;

        public EmbeddingModelInfo? Model => new("test-model", 2);

        public Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken)
        {
            LexicalCount = count;
            return Task.FromResult<IReadOnlyList<ChunkHit>>([]);
        }

        public Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken)
        {
            DenseCount = count;
            return Task.FromResult<IReadOnlyList<ChunkHit>>([]);
        }

        public int RankedLexical { get; private set; }

        public int RankedDense { get; private set; }

        public List<string> Completed { get; } = [];

        public Task<IReadOnlyList<ChunkHit>> RankLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken)
        {
            LexicalCount = RankedLexical = count;
            return Task.FromResult(Keys(count));
        }

        public Task<IReadOnlyList<ChunkHit>> RankDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken)
        {
            DenseCount = RankedDense = count;
            return Task.FromResult(Keys(count));
        }

        public Task<IReadOnlyList<ChunkHit>> CompleteAsync(IReadOnlyList<ChunkHit> ranked, CancellationToken cancellationToken)
        {
            Completed.AddRange(ranked.Select(h => h.ChunkId));
            return Task.FromResult<IReadOnlyList<ChunkHit>>([.. ranked.Select(h => h with { Text = $"text of {h.ChunkId}" })]);
        }

        public Task<IReadOnlyDictionary<string, IndexedVersion>> IndexedVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IndexedVersion>>(new Dictionary<string, IndexedVersion>());

        public Task<IReadOnlyList<ChunkHit>> AllChunksAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public Task<IReadOnlyList<ChunkHit>> DocumentChunksAsync(string documentId, SearchFilter filter, int fromOffset, int toOffset, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public void Dispose()
        {
        }

        /// <summary>Key hits c0, c1, … with falling scores, as a store's ranking for fusion gives them.</summary>
        private static IReadOnlyList<ChunkHit> Keys(int count) =>
            [.. Enumerable.Range(0, count).Select(i => new ChunkHit($"c{i}", $"d{i}", 1, string.Empty, string.Empty, 0, 0, 0, 1f - (i / 1000f)))];
    }

    private sealed class OneSnapshot(IIndexSnapshot snapshot) : IChunkIndexReader
    {
        public IIndexSnapshot AcquireSnapshot() => snapshot;

        public Task<IndexState> DescribeAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SwitchHold?> ApproveHeldSwitchAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class ZeroVector : IQueryEmbedder
    {
        public Task<ReadOnlyMemory<float>> EmbedAsync(string query, EmbeddingModelInfo? model, string? cacheScope, CancellationToken cancellationToken) =>
            Task.FromResult<ReadOnlyMemory<float>>(new float[2]);
    }
}
