using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
    public async Task GoingBackToTheOldModelBeforeTheSwitchAbandonsTheNewIndex()
    {
        var old = Open(OldModel);
        await Replace(old, OldModel, "doc", 1, "Herons wade in marshes.");
        await Close(old);
        await Close(Open(NewModel));

        var back = Open(OldModel);

        Assert.Null(back.RebuildSource);
        Assert.Equal(WriteOutcome.Applied, await Replace(back, OldModel, "doc", 2, "Herons nest in colonies."));
        Assert.Single(Directory.GetDirectories(Path.Combine(_dataPath, "embedded")));
    }

    private LuceneChunkIndexWriter Open(EmbeddingModelInfo model)
    {
        var writer = LuceneChunkIndexWriter.Open(Options, model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
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

    /// <summary>Deterministic unit vectors from a text's hash: a stand-in model whose vectors a test can predict.</summary>
    private sealed class TextHashGenerator(string modelId) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int _calls;

        public int Texts { get; private set; }

        public Action<int>? AfterCall { get; init; }

        public static float[] VectorOf(string text)
        {
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
            var vector = hash.Take(4).Select(b => b + 1f).ToArray();
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return [.. vector.Select(v => v / norm)];
        }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values.ToList();
            Texts += texts.Count;
            AfterCall?.Invoke(++_calls);
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(texts.Select(t => new Embedding<float>(VectorOf(t)) { ModelId = modelId })));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
