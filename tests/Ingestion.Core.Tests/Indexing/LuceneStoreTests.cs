using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Lucene;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Tests.Indexing;

public sealed class LuceneStoreTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private static readonly float[] Uniform = [0.5f, 0.5f, 0.5f, 0.5f];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private LuceneChunkIndexWriter _writer = null!;
    private LuceneChunkSearcher _searcher = null!;

    private IOptions<IndexOptions> Options => Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.Zero });

    public Task InitializeAsync()
    {
        _writer = new LuceneChunkIndexWriter(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance);
        _searcher = new LuceneChunkSearcher(Options, Model);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _searcher.Dispose();
        await _writer.DisposeAsync();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task Bm25RanksTheChunkThatMatchesTheQueryTermsFirst()
    {
        await Write("cats", 1, "Felines", "Cats purr and sleep all day long.");
        await Write("rockets", 1, "Space", "Rockets launch satellites into orbit.");

        var hits = await Lexical("rocket launches");

        Assert.Equal("rockets", hits[0].DocumentId);
        Assert.DoesNotContain(hits, h => h.DocumentId == "cats");
    }

    [Fact]
    public async Task DenseSearchReturnsTheExactNearestNeighboursInOrder()
    {
        await Write("x", 1, "x", "x", [1, 0, 0, 0]);
        await Write("y", 1, "y", "y", [0, 1, 0, 0]);
        await Write("xy", 1, "xy", "xy", [0.7071f, 0.7071f, 0, 0]);

        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        var hits = await snapshot.SearchDenseAsync(new float[] { 0.9f, 0.1f, 0, 0 }, 2, SearchFilter.None, default);

        Assert.Equal(["x", "xy"], hits.Select(h => h.DocumentId));
        Assert.Equal(0.9f, hits[0].Score, 5);
    }

    [Fact]
    public async Task AnUpsertReplacesEveryChunkOfTheDocument()
    {
        await Write("doc", 1, "Title", "Old words about penguins.", chunkCount: 3);
        await Write("doc", 2, "Title", "New words about giraffes.", chunkCount: 1);

        Assert.Empty(await Lexical("penguins"));
        var hit = Assert.Single(await Lexical("giraffes"));
        Assert.Equal(2, hit.Version);
    }

    [Fact]
    public async Task ADeleteRemovesEveryChunkAndALateOlderUpsertIsIgnored()
    {
        await Write("doc", 1, "Title", "Walruses live on ice.", chunkCount: 2);
        Assert.Equal(WriteOutcome.Applied, await _writer.ApplyAsync(new RemoveDocument("doc", 5), default));

        var late = await Write("doc", 4, "Title", "Walruses again.");

        Assert.Equal(WriteOutcome.Stale, late);
        Assert.Empty(await Lexical("walruses"));
    }

    [Fact]
    public async Task AllChunksListsEveryLiveChunkOfTheNewestVersionsOnly()
    {
        await Write("a", 1, "A", "First version of a.", chunkCount: 3);
        await Write("a", 2, "A", "Second version of a.", chunkCount: 2);
        await Write("b", 1, "B", "Only version of b.", chunkCount: 1);
        await Write("c", 1, "C", "Deleted soon.", chunkCount: 2);
        await _writer.ApplyAsync(new RemoveDocument("c", 2), default);

        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        var chunks = snapshot.AllChunks();

        Assert.Equal(["a@2", "a@2", "b@1"], chunks.Select(c => $"{c.DocumentId}@{c.Version}").Order());
        Assert.Equal(3, chunks.Select(c => c.ChunkId).Distinct().Count());
    }

    [Fact]
    public async Task AVersionNotNewerThanTheIndexedOneChangesNothing()
    {
        await Write("doc", 3, "Title", "Version three mentions otters.");

        // The same version again is a redelivery: done already, not stale, and it changes nothing.
        Assert.Equal(WriteOutcome.AlreadyApplied, await Write("doc", 3, "Title", "Same version mentions badgers."));
        Assert.Equal(WriteOutcome.Stale, await Write("doc", 2, "Title", "Older version mentions badgers."));
        Assert.Empty(await Lexical("badgers"));
        Assert.Single(await Lexical("otters"));
    }

    [Fact]
    public async Task VersionsSurviveAReopenOfTheWriter()
    {
        await Write("doc", 7, "Title", "Persistent herons.");
        await _writer.DisposeAsync();
        _writer = new LuceneChunkIndexWriter(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance);

        Assert.Equal(WriteOutcome.Stale, await Write("doc", 6, "Title", "Older herons."));
    }

    [Fact]
    public async Task VectorsOfAnotherModelAreRefused()
    {
        var foreign = new ReplaceDocument("doc", 1, "t", "text/plain", [], "other-model", [Chunk("doc", 0, "text", [1, 0, 0, 0])]);

        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => _writer.ApplyAsync(foreign, default));
    }

    [Fact]
    public async Task AnIndexBuiltWithOneModelCannotBeOpenedForAnother()
    {
        await _writer.DisposeAsync();

        Assert.Throws<EmbeddingModelMismatchException>(() =>
            new LuceneChunkIndexWriter(Options, new EmbeddingModelInfo("other-model", 4), NullLogger<LuceneChunkIndexWriter>.Instance));

        _writer = new LuceneChunkIndexWriter(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance);
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
        using var other = new LuceneChunkSearcher(Options, Model);
        await Write("doc", 1, "Title", "Narwhals have tusks.");

        other.Refresh();

        using var snapshot = other.AcquireSnapshot();
        Assert.Single(await snapshot.SearchLexicalAsync("narwhal", 10, SearchFilter.None, default));
    }

    [Fact]
    public async Task FiltersOnTagsContentTypeIdPrefixAndTimeApplyAlikeToBothLegs()
    {
        var noon = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await WriteWith("team-a/red", ["red"], "text/plain", noon.AddHours(-2));
        await WriteWith("team-a/both", ["red", "blue"], "text/markdown", noon.AddHours(1));
        await WriteWith("team-b/blue", ["blue"], "text/markdown", noon.AddHours(2));
        await WriteWith("team-b/green", ["green"], "text/html", noon.AddHours(-1));

        Assert.Equal(["team-a/both", "team-a/red"], await BothLegs(new SearchFilter { AnyTags = ["red"] }));
        Assert.Equal(["team-a/both", "team-b/blue", "team-b/green"], await BothLegs(new SearchFilter { AnyTags = ["blue", "green"] }));
        Assert.Equal(["team-a/both"], await BothLegs(new SearchFilter { AllTags = ["red", "blue"] }));
        Assert.Equal(["team-a/both", "team-b/blue"], await BothLegs(new SearchFilter { ContentTypes = ["text/markdown"] }));
        Assert.Equal(["team-b/blue", "team-b/green"], await BothLegs(new SearchFilter { DocumentIdPrefix = "team-b/" }));
        Assert.Equal(["team-a/both", "team-b/blue"], await BothLegs(new SearchFilter { UpdatedAfter = noon }));
        Assert.Equal(["team-b/blue"], await BothLegs(new SearchFilter { AnyTags = ["blue"], DocumentIdPrefix = "team-b/", UpdatedAfter = noon }));
        Assert.Empty(await BothLegs(new SearchFilter { AllTags = ["red", "green"] }));
    }

    [Fact]
    public async Task AFilterIsAppliedBeforeRankingSoAWeakMatchingChunkIsStillFound()
    {
        // Ten chunks that match the query and the query vector better than the one chunk the filter admits:
        // a post-filter of the top 1 would find nothing; a pre-filter finds it.
        for (var i = 0; i < 10; i++)
        {
            await WriteWith($"strong-{i}", ["other"], "text/plain", null, "Otters otters otters float on kelp.", [1, 0, 0, 0]);
        }

        await WriteWith("weak", ["wanted"], "text/plain", null, "Sea otters sometimes hold hands while they sleep in the kelp forest.", [0, 1, 0, 0]);
        var filter = new SearchFilter { AnyTags = ["wanted"] };

        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        Assert.Equal(["weak"], (await snapshot.SearchLexicalAsync("otters kelp", 1, filter, default)).Select(h => h.DocumentId));
        Assert.Equal(["weak"], (await snapshot.SearchDenseAsync(new float[] { 1, 0, 0, 0 }, 1, filter, default)).Select(h => h.DocumentId));
        Assert.Single(await snapshot.SearchDenseAsync(new float[] { 1, 0, 0, 0 }, 10, filter, default)); // fewer matching than k: all of them, no more
    }

    private async Task<IReadOnlyList<string>> BothLegs(SearchFilter filter)
    {
        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        var lexical = (await snapshot.SearchLexicalAsync("filtered notes", 10, filter, default)).Select(h => h.DocumentId).Order(StringComparer.Ordinal).ToList();
        var dense = (await snapshot.SearchDenseAsync(Uniform, 10, filter, default)).Select(h => h.DocumentId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(lexical, dense);
        return lexical;
    }

    private Task<WriteOutcome> WriteWith(string id, string[] tags, string contentType, DateTimeOffset? updatedAt, string text = "Filtered notes on one topic.", float[]? vector = null) =>
        _writer.ApplyAsync(new ReplaceDocument(id, 1, id, contentType, tags, Model.ModelId, [Chunk(id, 0, text, vector ?? [0.5f, 0.5f, 0.5f, 0.5f])], updatedAt), default);

    private async Task<IReadOnlyList<ChunkHit>> Lexical(string query)
    {
        _searcher.Refresh();
        using var snapshot = _searcher.AcquireSnapshot();
        return await snapshot.SearchLexicalAsync(query, 10, SearchFilter.None, default);
    }

    private Task<WriteOutcome> Write(string id, long version, string title, string text, float[]? vector = null, int chunkCount = 1)
    {
        var chunks = Enumerable.Range(0, chunkCount).Select(i => Chunk(id, i, text, vector ?? [0.5f, 0.5f, 0.5f, 0.5f])).ToList();
        return _writer.ApplyAsync(new ReplaceDocument(id, version, title, "text/plain", ["tag"], Model.ModelId, chunks), default);
    }

    private static IndexedChunk Chunk(string id, int ordinal, string text, float[] vector) =>
        new($"{id}#{ordinal}", ordinal, text, 0, text.Length, vector);
}
