using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.Index.Tests.Lucene.Writing;

/// <summary>Changing the embedding model of the embedded store: a new index is built from the stored text beside the old one, then switched to.</summary>
public sealed class LuceneIndexRebuildTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo OldModel = new("old-model", 4);
    private static readonly EmbeddingModelInfo NewModel = new("new-model", 4);
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> _writers = [];
    private LuceneChunkIndexReader _searcher = null!;

    private IOptions<IndexOptions> Options => Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.Zero });

    public Task InitializeAsync()
    {
        _searcher = new LuceneChunkIndexReader(Options);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _searcher.Dispose();
        foreach (var writer in _writers)
        {
            await writer.DisposeAsync();
        }

        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task SearchesReadTheOldIndexUntilTheNewOneIsBuiltThenSwitchWithLiveWritesKept()
    {
        var old = Open(OldModel);
        await Replace(old, OldModel, "kept", 1, "Herons wade in marshes.", "Herons eat fish.");
        await Replace(old, OldModel, "changed", 1, "Otters float on kelp.");
        await old.ApplyAsync(new RemoveDocument("gone", 5), default);
        await Close(old);

        var writer = Open(NewModel);
        Assert.NotNull(writer.RebuildSource);
        await Replace(writer, NewModel, "changed", 2, "Otters hold hands while sleeping.");
        _searcher.Refresh();
        using (var during = _searcher.AcquireSnapshot())
        {
            Assert.Equal(OldModel, during.Model);
            Assert.Equal(1, (await during.IndexedVersionsAsync(["changed"], default))["changed"].Version);
        }

        await new LuceneIndexRebuild(writer, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(new TextHashGenerator(NewModel.ModelId), null, default);

        Assert.Null(writer.RebuildSource);
        _searcher.Refresh();
        using var after = _searcher.AcquireSnapshot();
        Assert.Equal(NewModel, after.Model);
        var versions = await after.IndexedVersionsAsync(["kept", "changed", "gone"], default);
        Assert.Equal((1L, 2L, 5L), (versions["kept"].Version, versions["changed"].Version, versions["gone"].Version));
        var chunks = await after.AllChunksAsync(default);
        Assert.Equal(["changed", "kept", "kept"], chunks.Select(c => c.DocumentId).Order());
        Assert.Contains(chunks, c => c.Text == "Otters hold hands while sleeping.");

        // The copied chunks carry the new model's vectors of their stored text.
        var expected = TextHashGenerator.VectorOf("Herons eat fish.");
        var nearest = await after.SearchDenseAsync(expected, 1, SearchFilter.None, default);
        Assert.Equal("Herons eat fish.", nearest[0].Text);
        Assert.Equal(1f, nearest[0].Score, 4);

        // The tombstone came along: a late, older write of the deleted document is still ignored.
        Assert.Equal(WriteOutcome.Stale, await Replace(writer, NewModel, "gone", 4, "Too late."));
        Assert.Single(Directory.GetDirectories(Path.Combine(_dataPath, "embedded")));
    }

    [Fact]
    public async Task AnIndexOfAnOlderFormatIsRebuiltForTheSameModelAndItsDocumentsCanThenBeRankedWhole()
    {
        var old = Open(OldModel);
        await Replace(old, OldModel, "spread", 1, "Herons wade in the shallows.", "Their nests crowd the reeds.");
        await Close(old);
        ForgetFormat();

        var writer = Open(OldModel);
        Assert.NotNull(writer.RebuildSource);
        await new LuceneIndexRebuild(writer, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(new TextHashGenerator(OldModel.ModelId), null, default);

        Assert.Null(writer.RebuildSource);
        _searcher.Refresh();
        using var after = _searcher.AcquireSnapshot();
        Assert.Equal(["spread"], (await after.RankDocumentsLexicalAsync("heron nests", 10, SearchFilter.None, default)).Select(h => h.DocumentId));
        await Close(writer);
        Assert.Null(Open(OldModel).RebuildSource);
    }

    [Fact]
    public async Task ARebuildCutShortResumesAtTheNextStartWithoutCopyingAgainWhatItCopied()
    {
        var old = Open(OldModel);
        await Task.WhenAll(Enumerable.Range(0, 3 * LuceneIndexRebuild.DocumentsPerBatch).Select(i => Replace(old, OldModel, $"doc-{i}", 1, $"Document {i} is about herons.")));
        await Close(old);

        var first = Open(NewModel);
        using var stop = new CancellationTokenSource();
        var cutShort = new TextHashGenerator(NewModel.ModelId) { AfterCall = calls => { if (calls == 2) stop.Cancel(); } };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new LuceneIndexRebuild(first, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(cutShort, null, stop.Token));
        var target = first.IndexName;
        await Close(first);

        var resumed = Open(NewModel);
        Assert.Equal(target, resumed.IndexName);
        var rest = new TextHashGenerator(NewModel.ModelId);
        await new LuceneIndexRebuild(resumed, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(rest, null, default);

        Assert.True(rest.Texts < 3 * LuceneIndexRebuild.DocumentsPerBatch, $"{rest.Texts} texts embedded again after the restart");
        _searcher.Refresh();
        using var after = _searcher.AcquireSnapshot();
        Assert.Equal(NewModel, after.Model);
        Assert.Equal(3 * LuceneIndexRebuild.DocumentsPerBatch, (await after.AllChunksAsync(default)).Count);
    }

    [Fact]
    public async Task GoingBackToTheOldModelBeforeTheSwitchAbandonsTheNewIndexOnceItsLiveWritesAreCopiedBack()
    {
        var old = Open(OldModel);
        await Replace(old, OldModel, "unchanged", 1, "Herons wade in marshes.");
        await Replace(old, OldModel, "changed", 1, "Otters float on kelp.");
        await Replace(old, OldModel, "deleted", 1, "Puffins dig burrows.");
        await Close(old);

        // Writes acknowledged while the re-index ran went only to the new index.
        var rebuilding = Open(NewModel);
        Assert.Equal(WriteOutcome.Applied, await Replace(rebuilding, NewModel, "changed", 2, "Otters hold hands while sleeping."));
        Assert.Equal(WriteOutcome.Applied, await rebuilding.ApplyAsync(new RemoveDocument("deleted", 2), default));
        Assert.Equal(WriteOutcome.Applied, await Replace(rebuilding, NewModel, "added", 1, "Gannets dive for fish."));
        await Close(rebuilding);

        // The model setting goes back: they must not be lost with the abandoned index.
        var back = Open(OldModel);
        Assert.Equal(WriteOutcome.Applied, await Replace(back, OldModel, "meanwhile", 1, "Terns migrate far."));
        var copied = new TextHashGenerator(OldModel.ModelId);
        await new LuceneIndexRebuild(back, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(copied, null, default);

        Assert.Null(back.RebuildSource);
        Assert.Equal(2, copied.Texts); // only what changed during the abandoned re-index is embedded again
        _searcher.Refresh();
        using var after = _searcher.AcquireSnapshot();
        Assert.Equal(OldModel, after.Model);
        string[] ids = ["unchanged", "changed", "deleted", "added", "meanwhile"];
        var versions = await after.IndexedVersionsAsync(ids, default);
        Assert.Equal(
            [("unchanged", 1L, false), ("changed", 2L, false), ("deleted", 2L, true), ("added", 1L, false), ("meanwhile", 1L, false)],
            ids.Select(id => (id, versions[id].Version, versions[id].Deleted)));
        Assert.Contains(await after.AllChunksAsync(default), c => c.Text == "Otters hold hands while sleeping.");
        Assert.Equal(WriteOutcome.Applied, await Replace(back, OldModel, "changed", 3, "Otters groom their fur."));
        Assert.Single(Directory.GetDirectories(Path.Combine(_dataPath, "embedded")));
    }

    [Fact]
    public async Task AThirdModelBeforeTheReIndexToASecondEndsIsRefusedAndTheWritesMadeDuringItAreKept()
    {
        var old = Open(OldModel);
        await Replace(old, OldModel, "kept", 1, "Herons wade in marshes.");
        await Close(old);
        var rebuilding = Open(NewModel);
        Assert.Equal(WriteOutcome.Applied, await Replace(rebuilding, NewModel, "added", 1, "Gannets dive for fish."));
        await Close(rebuilding);

        // A third model would start a re-index from the old index and remove the second one, with the only copy of
        // the writes acknowledged while it ran.
        var third = new EmbeddingModelInfo("third-model", 4);
        var refused = Assert.Throws<InvalidOperationException>(() => Open(third));

        Assert.Contains("new-model", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Embeddings:Model", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_dataPath, "embedded")).Length);
        var resumed = Open(NewModel);
        Assert.Equal(WriteOutcome.Applied, await Replace(resumed, NewModel, "added", 2, "Gannets fold their wings."));
    }

    [Fact]
    public async Task ADeleteMadeWhileAReIndexWasHeldLongerThanTheTombstoneRetentionStaysDeletedWhenTheModelGoesBack()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var old = Open(OldModel, clock);
        await Replace(old, OldModel, "deleted", 1, "Puffins dig burrows.");
        await Close(old);

        // The delete reaches only the index being built, whose switch then waits (held, say) for longer than the retention.
        var rebuilding = Open(NewModel, clock);
        Assert.Equal(WriteOutcome.Applied, await rebuilding.ApplyAsync(new RemoveDocument("deleted", 2), default));
        clock.Advance(Options.Value.TombstoneRetention + TimeSpan.FromHours(1));
        await Replace(rebuilding, NewModel, "later", 1, "Gannets dive for fish."); // a commit: when expired tombstones go
        await Close(rebuilding);

        var back = Open(OldModel, clock);
        await new LuceneIndexRebuild(back, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(new TextHashGenerator(OldModel.ModelId), null, default);

        _searcher.Refresh();
        using var after = _searcher.AcquireSnapshot();
        var chunks = await after.AllChunksAsync(default);
        Assert.Contains(chunks, c => c.DocumentId == "later");
        Assert.DoesNotContain(chunks, c => c.DocumentId == "deleted");
    }

    [Fact]
    public async Task GoingBackToTheModelSearchesStillReadIsNotASwitchTheGateCanHold()
    {
        var rebuilding = await RebuildingOneDocumentAsync();
        Assert.Equal(WriteOutcome.Applied, await Replace(rebuilding, NewModel, "added", 1, "Gannets dive for fish."));
        await Close(rebuilding);

        var back = Open(OldModel);
        var gate = new ScriptedGate(hold: true);
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a held copy-back would wait for ever
        await new LuceneIndexRebuild(back, NullLogger<LuceneIndexRebuild>.Instance, gate, TimeSpan.FromMilliseconds(20))
            .RunAsync(new TextHashGenerator(OldModel.ModelId), null, patience.Token);

        Assert.Null(back.RebuildSource);
        Assert.Equal(0, gate.Calls);
        Assert.Single(Directory.GetDirectories(Path.Combine(_dataPath, "embedded")));
        _searcher.Refresh();
        using var after = _searcher.AcquireSnapshot();
        Assert.Contains(await after.AllChunksAsync(default), c => c.DocumentId == "added");
    }

    [Fact]
    public async Task ARebuildEmbedsAtMostChunksPerBatchAtOnceAndACopiedTombstoneKeepsTheTimeOfItsDelete()
    {
        // An hour ago: within the tombstone's retention, which runs from the delete, not from its copy.
        var deletedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds());
        var old = Open(OldModel, new FixedClock(deletedAt));
        const int ChunksEach = 300;
        await Task.WhenAll(Enumerable.Range(0, 10).Select(d => Replace(old, OldModel, $"long-{d}", 1, [.. Enumerable.Range(0, ChunksEach).Select(c => $"Document {d} chunk {c} is about herons.")])));
        await old.ApplyAsync(new RemoveDocument("gone", 3), default);
        await Close(old);

        var writer = Open(NewModel);
        var generator = new TextHashGenerator(NewModel.ModelId);
        await new LuceneIndexRebuild(writer, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(generator, null, default);

        Assert.Equal(10 * ChunksEach, generator.Texts);
        Assert.InRange(generator.LargestCall, ChunksEach, LuceneIndexRebuild.ChunksPerBatch);
        using var directory = global::Lucene.Net.Store.FSDirectory.Open(new DirectoryInfo(writer.Layout.PathOf(writer.IndexName)));
        using var reader = global::Lucene.Net.Index.DirectoryReader.Open(directory);
        var searcher = new global::Lucene.Net.Search.IndexSearcher(reader);
        var tombstone = searcher.Search(new global::Lucene.Net.Search.TermQuery(new global::Lucene.Net.Index.Term(global::Ingestion.Index.Lucene.LuceneSchema.DocumentId, "gone")), 1).ScoreDocs.Single();
        Assert.Equal(deletedAt.ToUnixTimeMilliseconds(), searcher.Doc(tombstone.Doc).GetField(global::Ingestion.Index.Lucene.LuceneSchema.DeletedAt).GetInt64Value());
    }

    [Fact]
    public async Task ARebuildThatFailsIsTriedAgainAndCompletes()
    {
        var old = Open(OldModel);
        await Task.WhenAll(Enumerable.Range(0, 2 * LuceneIndexRebuild.DocumentsPerBatch).Select(i => Replace(old, OldModel, $"doc-{i}", 1, $"Document {i} is about herons.")));
        await Close(old);
        var writer = Open(NewModel);
        var failing = new TextHashGenerator(NewModel.ModelId) { FailOnCall = 2 };

        await new LuceneIndexRebuild(writer, NullLogger<LuceneIndexRebuild>.Instance).RunUntilDoneAsync(failing, null, TimeSpan.FromMilliseconds(10), default);

        Assert.Null(writer.RebuildSource);
        _searcher.Refresh();
        using var after = _searcher.AcquireSnapshot();
        Assert.Equal(NewModel, after.Model);
        Assert.Equal(2 * LuceneIndexRebuild.DocumentsPerBatch, (await after.AllChunksAsync(default)).Count);
    }

    [Fact]
    public async Task ASwitchTheGateHoldsWaitsForAnOperatorWhileSearchesReadTheOldIndex()
    {
        var writer = await RebuildingOneDocumentAsync();
        var gate = new ScriptedGate(hold: true);

        var rebuild = new LuceneIndexRebuild(writer, NullLogger<LuceneIndexRebuild>.Instance, gate, TimeSpan.FromMilliseconds(20)).RunAsync(new TextHashGenerator(NewModel.ModelId), null, default);
        await Eventually.TrueAsync(async () => (await _searcher.DescribeAsync(default)).Held is not null, "the gate to hold the switch", TimeSpan.FromMinutes(1));
        var held = (await _searcher.DescribeAsync(default)).Held!;

        Assert.Equal(writer.IndexName, held.Target);
        Assert.Equal((OldModel, NewModel), (gate.Current!.Model, gate.Built!.Model));
        Assert.Equal(writer.IndexName, gate.Built.Name);
        Assert.False(rebuild.IsCompleted);
        _searcher.Refresh();
        using (var during = _searcher.AcquireSnapshot())
        {
            Assert.Equal(OldModel, during.Model);
        }

        Assert.Equal(held, await _searcher.ApproveHeldSwitchAsync(default));
        await rebuild.WaitAsync(TimeSpan.FromMinutes(1));

        _searcher.Refresh();
        var after = await _searcher.DescribeAsync(default);
        Assert.Equal(NewModel, after.Current!.Model);
        Assert.Null(after.Held);
        Assert.Null(await _searcher.ApproveHeldSwitchAsync(default));
        Assert.Equal(1, gate.Calls);
    }

    [Fact]
    public async Task ASwitchTheGateLetsThroughHappensAtOnce()
    {
        var writer = await RebuildingOneDocumentAsync();

        await new LuceneIndexRebuild(writer, NullLogger<LuceneIndexRebuild>.Instance, new ScriptedGate(hold: false)).RunAsync(new TextHashGenerator(NewModel.ModelId), null, default);

        _searcher.Refresh();
        Assert.Equal(NewModel, (await _searcher.DescribeAsync(default)).Current!.Model);
        Assert.Null(await _searcher.ApproveHeldSwitchAsync(default));
    }

    [Fact]
    public async Task TheIndexStateAndSearchesCanBeReadThroughoutARebuildAndItsSwitch()
    {
        var old = Open(OldModel);
        await Task.WhenAll(Enumerable.Range(0, 8 * LuceneIndexRebuild.DocumentsPerBatch).Select(i => Replace(old, OldModel, $"doc-{i}", 1, $"Document {i} is about herons.", $"And {i} egrets.")));
        await Close(old);
        var writer = Open(NewModel);
        _searcher.Refresh();

        // A gateway reads the state and searches while its timer moves it to the new index: none of these may fail.
        var rebuild = Task.Run(() => new LuceneIndexRebuild(writer, NullLogger<LuceneIndexRebuild>.Instance).RunAsync(new TextHashGenerator(NewModel.ModelId), null, default));
        var refreshing = Task.Run(async () =>
        {
            while (!rebuild.IsCompleted)
            {
                _searcher.Refresh();
                await Task.Yield();
            }
        });
        var reads = 0;
        while (!rebuild.IsCompleted || reads < 10)
        {
            var state = await _searcher.DescribeAsync(default);
            Assert.NotNull(state.Current);
            using var snapshot = _searcher.AcquireSnapshot();
            await snapshot.SearchLexicalAsync("herons", 1, SearchFilter.None, default);
            reads++;
        }

        await rebuild;
        await refreshing;
        _searcher.Refresh();
        Assert.Equal(NewModel, (await _searcher.DescribeAsync(default)).Current!.Model);
    }

    /// <summary>Makes the current index look written before formats were recorded: its last commit without the format key.</summary>
    private void ForgetFormat()
    {
        var layout = LuceneIndexLayout.Of(Options.Value);
        using var directory = global::Lucene.Net.Store.FSDirectory.Open(layout.PathOf(layout.Current!));
        using var writer = new global::Lucene.Net.Index.IndexWriter(directory, new global::Lucene.Net.Index.IndexWriterConfig(LuceneSchema.Version, LuceneSchema.CreateAnalyzer()));
        var data = new Dictionary<string, string>(writer.CommitData);
        Assert.True(data.Remove(LuceneSchema.FormatKey));
        writer.SetCommitData(data);
        writer.Commit();
    }

    /// <summary>The writer of a re-index into <see cref="NewModel"/> of an index holding one document of <see cref="OldModel"/>.</summary>
    private async Task<LuceneChunkIndexWriter> RebuildingOneDocumentAsync()
    {
        var old = Open(OldModel);
        await Replace(old, OldModel, "kept", 1, "Herons wade in marshes.");
        await Close(old);
        return Open(NewModel);
    }

    private LuceneChunkIndexWriter Open(EmbeddingModelInfo model, TimeProvider? clock = null)
    {
        var writer = LuceneChunkIndexWriter.Open(Options, model, NullLogger<LuceneChunkIndexWriter>.Instance, clock ?? TimeProvider.System);
        _writers.Add(writer);
        return writer;
    }

    private async Task Close(LuceneChunkIndexWriter writer)
    {
        _writers.Remove(writer);
        await writer.DisposeAsync();
    }

    private static Task<WriteOutcome> Replace(LuceneChunkIndexWriter writer, EmbeddingModelInfo model, string id, long version, params string[] texts) =>
        writer.ApplyAsync(
            new ReplaceDocument(id, version, id, "text/plain", ["tag"], model.ModelId, [.. texts.Select((t, i) => new IndexedChunk($"{id}@{version}#{i}", i, t, 0, t.Length, TextHashGenerator.VectorOf(t)))]),
            default);

    /// <summary>A gate whose verdict the test sets, noting what it was asked to compare.</summary>
    private sealed class ScriptedGate(bool hold) : IIndexSwitchGate
    {
        public IndexDescription? Current { get; private set; }

        public IndexDescription? Built { get; private set; }

        public int Calls { get; private set; }

        public Task<SwitchHold?> EvaluateAsync(IndexDescription current, IndexDescription built, CancellationToken cancellationToken)
        {
            (Current, Built) = (current, built);
            Calls++;
            return Task.FromResult(hold ? new SwitchHold(built.Name, "Worse on the test's set.", "test", 3, 0.9, 0.5, 0.01, 0.25, DateTimeOffset.UnixEpoch) : null);
        }
    }

    /// <summary>Deterministic unit vectors from a text's hash: a stand-in model whose vectors a test can predict.</summary>
    private sealed class TextHashGenerator(string modelId) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _calls;
        private int _attempts;

        public int Texts { get; private set; }

        public int LargestCall { get; private set; }

        public Action<int>? AfterCall { get; init; }

        /// <summary>The call that throws, as an encoder failing for a while does.</summary>
        public int FailOnCall { get; init; }

        public static float[] VectorOf(string text)
        {
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
            var vector = hash.Take(4).Select(b => b + 1f).ToArray();
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return [.. vector.Select(v => v / norm)];
        }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (++_attempts == FailOnCall)
            {
                throw new InvalidOperationException("The encoder failed.");
            }

            var texts = values.ToList();
            Texts += texts.Count;
            LargestCall = Math.Max(LargestCall, texts.Count);
            AfterCall?.Invoke(++_calls);
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(VectorOf(t)) { ModelId = modelId })));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>A clock that stays at one time: the old writer's deletes happen then.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
