using Ingestion.Core.Embeddings;
using Ingestion.Index.Tests.Elasticsearch;

namespace Ingestion.Index.Tests.Contract;

/// <summary>
/// What every chunk store must do, run against each implementation: writes ordered by version (replace, delete,
/// stale and repeated versions), BM25 and kNN ranking, the same filter semantics on both legs, and one embedding
/// model per index. A store that is not available here reports its tests as skipped, saying why.
/// </summary>
public abstract class ChunkStoreContract : IAsyncLifetime
{
    protected static readonly EmbeddingModelInfo Model = new("contract-model", 4);
    private static readonly float[] Uniform = [0.5f, 0.5f, 0.5f, 0.5f];
    private StoreUnderTest? _store;

    /// <summary>Why the store cannot be tested here, or null when it can.</summary>
    protected abstract string? Unavailable { get; }

    private StoreUnderTest Store => _store ?? throw new InvalidOperationException("The store is not open.");

    public async Task InitializeAsync()
    {
        if (Unavailable is null)
        {
            _store = await OpenAsync(Model);
        }
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    protected abstract Task<StoreUnderTest> OpenAsync(EmbeddingModelInfo model);

    [SkippableFact]
    public async Task Bm25RanksTheChunkThatMatchesTheQueryTermsFirst()
    {
        SkipUnlessAvailable();
        await Write("cats", 1, "Felines", "Cats purr and sleep all day long.");
        await Write("rockets", 1, "Space", "Rockets launch satellites into orbit.");

        var hits = await Lexical("rocket launches");

        Assert.Equal("rockets", hits[0].DocumentId);
        Assert.DoesNotContain(hits, h => h.DocumentId == "cats");
    }

    [SkippableFact]
    public async Task DocumentsAreRankedWholeOneHitEachByTheirFirstChunkAndOnlyForTheirReaders()
    {
        SkipUnlessAvailable();
        // "spread" has the query's words in different chunks, so no chunk of it matches better than "single"'s one
        // chunk; scored whole, it matches both words and ranks first.
        await Store.Writer.ApplyAsync(new ReplaceDocument("spread", 1, "Notes", "text/plain", [], Model.ModelId, [Chunk("spread", 0, "Herons wade in the shallows.", Uniform), new("spread#1", 1, "Their nests crowd the reeds.", 29, 57, Uniform)]) { Readers = [ReaderTerms.Public] }, default);
        await Store.Writer.ApplyAsync(new ReplaceDocument("single", 1, "Notes", "text/plain", [], Model.ModelId, [Chunk("single", 0, "Nests of swallows under eaves.", Uniform)]) { Readers = [ReaderTerms.Public] }, default);
        await Store.Writer.ApplyAsync(new ReplaceDocument("hidden", 1, "Notes", "text/plain", [], Model.ModelId, [Chunk("hidden", 0, "Heron nests in the marsh.", Uniform)]) { Readers = ["group:birders"] }, default);
        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();

        var ranked = await snapshot.RankDocumentsLexicalAsync("heron nests", 10, new SearchFilter { Readers = [ReaderTerms.Public, "user:ann"] }, default);

        Assert.Equal(["spread", "single"], ranked.Select(h => h.DocumentId));
        Assert.Equal(["spread#0", "single#0"], ranked.Select(h => h.ChunkId));
        Assert.True(ranked[0].Score > ranked[1].Score, $"{ranked[0].Score} {ranked[1].Score}");
        var chunks = await snapshot.RankLexicalAsync("heron nests", 10, new SearchFilter { Readers = [ReaderTerms.Public, "user:ann"] }, default);
        Assert.DoesNotContain(chunks, c => c.DocumentId == "hidden");
        Assert.Contains("hidden", (await snapshot.RankDocumentsLexicalAsync("heron nests", 10, new SearchFilter { Readers = ["group:birders"] }, default)).Select(h => h.DocumentId));
    }

    [SkippableFact]
    public async Task DenseSearchReturnsTheNearestNeighboursInOrderWithTheirCosine()
    {
        SkipUnlessAvailable();
        await Write("x", 1, "x", "x", [1, 0, 0, 0]);
        await Write("y", 1, "y", "y", [0, 1, 0, 0]);
        await Write("xy", 1, "xy", "xy", [0.7071f, 0.7071f, 0, 0]);

        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        // Unit length, as the encoder's vectors are: (0.9, 0.1) normalised.
        var hits = await snapshot.SearchDenseAsync(new float[] { 0.99388f, 0.11043f, 0, 0 }, 2, SearchFilter.None, default);

        Assert.Equal(["x", "xy"], hits.Select(h => h.DocumentId));
        // The cosine with (1, 0) is 0.9939 and with (0.7071, 0.7071) 0.7809; quantised vectors may move them in the third decimal.
        Assert.Equal(0.9939, hits[0].Score, 0.01);
        Assert.Equal(0.7809, hits[1].Score, 0.01);
    }

    [SkippableFact]
    public async Task AChunksPageAndContextComeBackWithItFromBothLegs()
    {
        SkipUnlessAvailable();
        await Store.Writer.ApplyAsync(
            new ReplaceDocument("guide", 1, "Guide", "text/markdown", ["tag"], Model.ModelId, [Chunk("guide", 0, "Renew the permit yearly.", Uniform) with { Page = 3, Context = "Permits › Renewal" }]),
            default);

        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        var lexical = Assert.Single(await snapshot.SearchLexicalAsync("permit", 10, SearchFilter.None, default));
        var dense = Assert.Single(await snapshot.SearchDenseAsync(Uniform, 10, SearchFilter.None, default));

        Assert.All(new[] { lexical, dense }, hit => Assert.Equal((3, "Permits › Renewal"), (hit.Page, hit.Context)));
    }

    [SkippableFact]
    public async Task AnUpsertReplacesEveryChunkOfTheDocument()
    {
        SkipUnlessAvailable();
        await Write("doc", 1, "Title", "Old words about penguins.", chunkCount: 3);
        await Write("doc", 2, "Title", "New words about giraffes.", chunkCount: 1);

        Assert.Empty(await Lexical("penguins"));
        var hit = Assert.Single(await Lexical("giraffes"));
        Assert.Equal(2, hit.Version);
    }

    [SkippableFact]
    public async Task ADeleteRemovesEveryChunkAndALateOlderUpsertIsIgnored()
    {
        SkipUnlessAvailable();
        await Write("doc", 1, "Title", "Walruses live on ice.", chunkCount: 2);
        Assert.Equal(WriteOutcome.Applied, await Store.Writer.ApplyAsync(new RemoveDocument("doc", 5), default));

        var late = await Write("doc", 4, "Title", "Walruses again.");

        Assert.Equal(WriteOutcome.Stale, late);
        Assert.Empty(await Lexical("walruses"));
    }

    [SkippableFact]
    public async Task AVersionNotNewerThanTheIndexedOneChangesNothing()
    {
        SkipUnlessAvailable();
        await Write("doc", 3, "Title", "Version three mentions otters.");

        // The same version again is a redelivery: done already, not stale, and it changes nothing.
        Assert.Equal(WriteOutcome.AlreadyApplied, await Write("doc", 3, "Title", "Same version mentions badgers."));
        Assert.Equal(WriteOutcome.Stale, await Write("doc", 2, "Title", "Older version mentions badgers."));
        Assert.Empty(await Lexical("badgers"));
        Assert.Single(await Lexical("otters"));
    }

    [SkippableFact]
    public async Task TheSameVersionIsTheSameChangeOrRefusedAndTheIndexKeepsWhichChangeItIs()
    {
        SkipUnlessAvailable();
        await Write("doc", 5, "Title", "Version five mentions otters.", changeHash: "hash-otters");
        await Write("gone", 2, "Title", "Deleted soon.", changeHash: "hash-gone");
        await Store.Writer.ApplyAsync(new RemoveDocument("gone", 3), default);

        // A redelivery of the same change is done already; another change at the version is refused, whatever Redis knew.
        Assert.Equal(WriteOutcome.AlreadyApplied, await Write("doc", 5, "Title", "Version five mentions otters.", changeHash: "hash-otters"));
        var otherContent = await Assert.ThrowsAsync<DocumentRejectedException>(() => Write("doc", 5, "Title", "Version five mentions badgers.", changeHash: "hash-badgers"));
        var deleteOfLive = await Assert.ThrowsAsync<DocumentRejectedException>(() => Store.Writer.ApplyAsync(new RemoveDocument("doc", 5), default));
        var replaceOfDeleted = await Assert.ThrowsAsync<DocumentRejectedException>(() => Write("gone", 3, "Title", "Back again.", changeHash: "hash-back"));
        Assert.Equal(WriteOutcome.AlreadyApplied, await Store.Writer.ApplyAsync(new RemoveDocument("gone", 3), default));

        Assert.Contains("other content", otherContent.Message, StringComparison.Ordinal);
        Assert.Contains("a delete needs a newer version", deleteOfLive.Message, StringComparison.Ordinal);
        Assert.Contains("indexed as its delete", replaceOfDeleted.Message, StringComparison.Ordinal);
        Assert.Empty(await Lexical("badgers"));
        Assert.Single(await Lexical("otters"));
        using var snapshot = Store.Searcher.AcquireSnapshot();
        var versions = await snapshot.IndexedVersionsAsync(["doc", "gone"], default);
        Assert.Equal(new IndexedVersion(5, Deleted: false, "hash-otters"), versions["doc"]);
        Assert.Equal(new IndexedVersion(3, Deleted: true), versions["gone"]);
    }

    [SkippableFact]
    public async Task AllChunksListsEveryLiveChunkOfTheNewestVersionsOnly()
    {
        SkipUnlessAvailable();
        await Write("a", 1, "A", "First version of a.", chunkCount: 3);
        await Write("a", 2, "A", "Second version of a.", chunkCount: 2);
        await Write("b", 1, "B", "Only version of b.", chunkCount: 1);
        await Write("c", 1, "C", "Deleted soon.", chunkCount: 2);
        await Store.Writer.ApplyAsync(new RemoveDocument("c", 2), default);

        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        var chunks = await snapshot.AllChunksAsync(CancellationToken.None);

        Assert.Equal(["a@2", "a@2", "b@1"], chunks.Select(c => $"{c.DocumentId}@{c.Version}").Order());
        Assert.Equal(3, chunks.Select(c => c.ChunkId).Distinct().Count());
    }

    [SkippableFact]
    public async Task IndexedVersionsNameTheVersionEachDocumentHasIncludingDeletes()
    {
        SkipUnlessAvailable();
        await Write("kept", 4, "Kept", "Kept text.");
        await Write("gone", 1, "Gone", "Gone text.");
        await Store.Writer.ApplyAsync(new RemoveDocument("gone", 2), default);

        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        var versions = await snapshot.IndexedVersionsAsync(["kept", "gone", "never"], default);

        Assert.Equal(new IndexedVersion(4, Deleted: false), versions["kept"]);
        Assert.Equal(new IndexedVersion(2, Deleted: true), versions["gone"]);
        Assert.False(versions.ContainsKey("never"));
    }

    [SkippableFact]
    public async Task VectorsOfAnotherModelAreRefused()
    {
        SkipUnlessAvailable();
        var foreign = new ReplaceDocument("doc", 1, "t", "text/plain", [], "other-model", [Chunk("doc", 0, "text", [1, 0, 0, 0])]);

        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => Store.Writer.ApplyAsync(foreign, default));
    }

    [SkippableFact]
    public async Task OpeningAnIndexForAnotherModelNeverMixesTheTwoModelsVectors()
    {
        SkipUnlessAvailable();
        await Write("doc", 1, "Title", "Built with the contract model.");
        await Store.MakeVisibleAsync();

        // Refused outright (Elasticsearch), or (the embedded store) a new index is built beside the one searches read.
        var refused = await Record.ExceptionAsync(() => Store.OpenForModelAsync(new EmbeddingModelInfo("other-model", 4)));
        if (refused is not null)
        {
            Assert.IsType<EmbeddingModelMismatchException>(refused);
            return;
        }

        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        Assert.Equal(Model, snapshot.Model);
        Assert.Equal(["doc"], (await snapshot.SearchDenseAsync(new float[] { 1, 0, 0, 0 }, 10, SearchFilter.None, default)).Select(h => h.DocumentId));
    }

    [SkippableFact]
    public async Task FiltersOnTagsContentTypeIdPrefixAndTimeApplyAlikeToBothLegs()
    {
        SkipUnlessAvailable();
        var noon = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await WriteWith("team-a/red", ["red"], "text/plain", noon.AddHours(-2));
        await WriteWith("team-a/both", ["red", "blue"], "text/markdown", noon.AddHours(1));
        await WriteWith("team-b/blue", ["blue"], "text/markdown; charset=utf-8", noon.AddHours(2));
        await WriteWith("team-b/green", ["green"], "text/html", noon.AddHours(-1));

        Assert.Equal(["team-a/both", "team-a/red"], await BothLegs(new SearchFilter { AnyTags = ["red"] }));
        Assert.Equal(["team-a/both", "team-b/blue", "team-b/green"], await BothLegs(new SearchFilter { AnyTags = ["blue", "green"] }));
        Assert.Equal(["team-a/both"], await BothLegs(new SearchFilter { AllTags = ["red", "blue"] }));
        // A content type filters by its media type, whatever parameters either side gives and in any case.
        Assert.Equal(["team-a/both", "team-b/blue"], await BothLegs(new SearchFilter { ContentTypes = ["text/markdown"] }));
        Assert.Equal(["team-a/both", "team-b/blue"], await BothLegs(new SearchFilter { ContentTypes = ["Text/Markdown; charset=UTF-8"] }));
        Assert.Equal(["team-b/blue", "team-b/green"], await BothLegs(new SearchFilter { DocumentIdPrefix = "team-b/" }));
        Assert.Equal(["team-a/both", "team-b/blue"], await BothLegs(new SearchFilter { UpdatedAfter = noon }));
        Assert.Equal(["team-b/blue"], await BothLegs(new SearchFilter { AnyTags = ["blue"], DocumentIdPrefix = "team-b/", UpdatedAfter = noon }));
        Assert.Empty(await BothLegs(new SearchFilter { AllTags = ["red", "green"] }));
    }

    [SkippableFact]
    public async Task AFilterIsAppliedBeforeRankingSoAWeakMatchingChunkIsStillFound()
    {
        SkipUnlessAvailable();
        // Ten chunks that match the query and the query vector better than the one chunk the filter admits:
        // a post-filter of the top 1 would find nothing; a pre-filter finds it.
        for (var i = 0; i < 10; i++)
        {
            await WriteWith($"strong-{i}", ["other"], "text/plain", null, "Otters otters otters float on kelp.", [1, 0, 0, 0]);
        }

        await WriteWith("weak", ["wanted"], "text/plain", null, "Sea otters sometimes hold hands while they sleep in the kelp forest.", [0, 1, 0, 0]);
        var filter = new SearchFilter { AnyTags = ["wanted"] };

        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        Assert.Equal(["weak"], (await snapshot.SearchLexicalAsync("otters kelp", 1, filter, default)).Select(h => h.DocumentId));
        Assert.Equal(["weak"], (await snapshot.SearchDenseAsync(new float[] { 1, 0, 0, 0 }, 1, filter, default)).Select(h => h.DocumentId));
        Assert.Single(await snapshot.SearchDenseAsync(new float[] { 1, 0, 0, 0 }, 10, filter, default)); // fewer matching than k: all of them, no more
    }

    [SkippableFact]
    public async Task ReadersAdmitInBothLegsOnlyTheDocumentsACallersTermsNameAndTheManifestKeepsThem()
    {
        SkipUnlessAvailable();
        await Store.Writer.ApplyAsync(new ReplaceDocument("open", 1, "open", "text/plain", [], Model.ModelId, [Chunk("open", 0, "Filtered notes on one topic.", Uniform)]) { Readers = [ReaderTerms.Public] }, default);
        await Store.Writer.ApplyAsync(new ReplaceDocument("finance", 1, "finance", "text/plain", [], Model.ModelId, [Chunk("finance", 0, "Filtered notes on one topic.", Uniform)]) { Readers = ["group:finance", "user:ann"] }, default);
        await Store.Writer.ApplyAsync(new ReplaceDocument("bob", 1, "bob", "text/plain", [], Model.ModelId, [Chunk("bob", 0, "Filtered notes on one topic.", Uniform)]) { Readers = ["user:bob"] }, default);
        await Store.Writer.ApplyAsync(new ReplaceDocument("legacy", 1, "legacy", "text/plain", [], Model.ModelId, [Chunk("legacy", 0, "Filtered notes on one topic.", Uniform)]), default);

        Assert.Equal(["bob", "finance", "legacy", "open"], await BothLegs(SearchFilter.None));
        Assert.Equal(["open"], await BothLegs(new SearchFilter { Readers = [ReaderTerms.Public, "user:carol"] }));
        Assert.Equal(["finance", "open"], await BothLegs(new SearchFilter { Readers = [ReaderTerms.Public, "user:carol", .. Enumerable.Range(0, 1500).Select(i => $"group:g{i}"), "group:finance"] }));
        Assert.Equal(["bob", "finance"], await BothLegs(new SearchFilter { Readers = ["user:bob", "user:ann"] }));
        Assert.Empty(await BothLegs(new SearchFilter { Readers = [] }));

        using var snapshot = Store.Searcher.AcquireSnapshot();
        var versions = await snapshot.IndexedVersionsAsync(["finance", "legacy"], default);
        Assert.Equal(["group:finance", "user:ann"], versions["finance"].Readers);
        Assert.Empty(versions["legacy"].Readers);
    }

    [SkippableFact]
    public async Task ADocumentsChunksComeInOrderOfItsSearchableVersionOverlappingTheRangeAndOnlyToItsReaders()
    {
        SkipUnlessAvailable();
        IndexedChunk At(string id, int ordinal, int start, int end) => new($"{id}#{ordinal}", ordinal, new string('x', end - start), start, end, Uniform);
        await Store.Writer.ApplyAsync(new ReplaceDocument("doc", 1, "doc", "text/plain", [], Model.ModelId, [At("doc", 0, 0, 50)]) { Readers = ["group:a"] }, default);
        await Store.Writer.ApplyAsync(new ReplaceDocument("doc", 2, "doc", "text/plain", [], Model.ModelId, [At("doc", 2, 18, 30), At("doc", 0, 0, 10), At("doc", 1, 8, 20)]) { Readers = ["group:a"] }, default);
        await Store.Writer.ApplyAsync(new ReplaceDocument("other", 1, "other", "text/plain", [], Model.ModelId, [At("other", 0, 0, 10)]) { Readers = ["group:a"] }, default);
        await Store.MakeVisibleAsync();
        var reader = new SearchFilter { Readers = [ReaderTerms.Public, "group:a"] };

        using var snapshot = Store.Searcher.AcquireSnapshot();
        var all = await snapshot.DocumentChunksAsync("doc", reader, 0, 100, 10, default);
        var middle = await snapshot.DocumentChunksAsync("doc", reader, 12, 17, 10, default);
        var first = await snapshot.DocumentChunksAsync("doc", reader, 0, 100, 1, default);
        var stranger = await snapshot.DocumentChunksAsync("doc", new SearchFilter { Readers = ["group:b"] }, 0, 100, 10, default);
        var unknown = await snapshot.DocumentChunksAsync("nothing", reader, 0, 100, 10, default);

        Assert.Equal([(0, 0, 10, 2L), (1, 8, 20, 2L), (2, 18, 30, 2L)], all.Select(c => (c.Ordinal, c.StartOffset, c.EndOffset, c.Version)));
        Assert.Equal([1], middle.Select(c => c.Ordinal));
        Assert.Equal([0], first.Select(c => c.Ordinal));
        Assert.Empty(stranger);
        Assert.Empty(unknown);
    }

    [SkippableFact]
    public async Task AStaleRetryOfAWriteWhoseManifestWriteFailedLeavesOnlyTheNewestVersion()
    {
        SkipUnlessAvailable();
        // (a) version 2's chunks are written and its manifest write fails; version 3 is applied; version 2's retry is stale.
        await Write("doc", 1, "Title", "Version one mentions herons.", chunkCount: 2);
        await WriteFailingAt(StoreStep.ManifestWrite, () => Write("doc", 2, "Title", "Version two mentions storks.", chunkCount: 3));
        Assert.Equal(WriteOutcome.Applied, await Write("doc", 3, "Title", "Version three mentions cranes."));

        Assert.Equal(WriteOutcome.Stale, await Write("doc", 2, "Title", "Version two mentions storks.", chunkCount: 3));

        Assert.Equal(["doc@3#0"], await Store.StoredChunkIdsAsync());
        Assert.Empty(await Lexical("storks"));
        Assert.Empty(await Lexical("herons"));
        Assert.Equal(3, Assert.Single(await Lexical("cranes")).Version);
    }

    [SkippableFact]
    public async Task ChunksLeftByAFailedDeleteOfTheReplacedVersionAreGoneAfterTheNextWrite()
    {
        SkipUnlessAvailable();
        // (b) version 2's manifest is set but deleting version 1's chunks fails; version 3 then replaces version 2.
        await Write("doc", 1, "Title", "Version one mentions herons.", chunkCount: 2);
        await WriteFailingAt(StoreStep.ChunkDelete, () => Write("doc", 2, "Title", "Version two mentions storks."));
        Assert.Empty(await Lexical("herons"));

        Assert.Equal(WriteOutcome.Applied, await Write("doc", 3, "Title", "Version three mentions cranes."));

        Assert.Equal(["doc@3#0"], await Store.StoredChunkIdsAsync());
        Assert.Empty(await Lexical("herons"));
        Assert.Empty(await Lexical("storks"));
        Assert.Single(await Lexical("cranes"));
    }

    /// <summary>Runs the write with the given step failing, where the store has such a step; a store whose write is one atomic step just writes.</summary>
    private async Task WriteFailingAt(StoreStep step, Func<Task<WriteOutcome>> write)
    {
        if (Store.FailNext is { } failNext)
        {
            failNext(step);
            await Assert.ThrowsAnyAsync<Exception>(write);
        }
        else
        {
            Assert.Equal(WriteOutcome.Applied, await write());
        }
    }

    protected static IndexedChunk Chunk(string id, int ordinal, string text, float[] vector) =>
        new($"{id}#{ordinal}", ordinal, text, 0, text.Length, vector);

    private void SkipUnlessAvailable() => Skip.If(Unavailable is not null, Unavailable);

    private async Task<IReadOnlyList<string>> BothLegs(SearchFilter filter)
    {
        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        var lexical = (await snapshot.SearchLexicalAsync("filtered notes", 10, filter, default)).Select(h => h.DocumentId).Order(StringComparer.Ordinal).ToList();
        var dense = (await snapshot.SearchDenseAsync(Uniform, 10, filter, default)).Select(h => h.DocumentId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(lexical, dense);
        return lexical;
    }

    private Task<WriteOutcome> WriteWith(string id, string[] tags, string contentType, DateTimeOffset? updatedAt, string text = "Filtered notes on one topic.", float[]? vector = null) =>
        Store.Writer.ApplyAsync(new ReplaceDocument(id, 1, id, contentType, tags, Model.ModelId, [Chunk(id, 0, text, vector ?? Uniform)], updatedAt), default);

    private async Task<IReadOnlyList<ChunkHit>> Lexical(string query)
    {
        await Store.MakeVisibleAsync();
        using var snapshot = Store.Searcher.AcquireSnapshot();
        return await snapshot.SearchLexicalAsync(query, 10, SearchFilter.None, default);
    }

    private Task<WriteOutcome> Write(string id, long version, string title, string text, float[]? vector = null, int chunkCount = 1, string? changeHash = null)
    {
        var chunks = Enumerable.Range(0, chunkCount).Select(i => Chunk(id, i, text, vector ?? Uniform)).ToList();
        return Store.Writer.ApplyAsync(new ReplaceDocument(id, version, title, "text/plain", ["tag"], Model.ModelId, chunks, Hash: changeHash), default);
    }
}
