using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene.Writing;

/// <summary>
/// The version a writer says it holds is one it holds for good: a fault of a message asks it, and a write still
/// waiting for its commit (which may fail and be rolled back) must not make that fault record the document indexed.
/// </summary>
public sealed class LuceneDurableVersionTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private static readonly float[] Vector = [0.5f, 0.5f, 0.5f, 0.5f];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private LuceneChunkIndexWriter _writer = null!;

    public Task InitializeAsync()
    {
        // A commit gathers writes for two seconds: long enough to ask while one waits for it.
        var options = Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.FromSeconds(2) });
        _writer = LuceneChunkIndexWriter.Open(options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task AVersionWaitingForItsCommitIsAnsweredOnlyOnceItIsDurable()
    {
        var write = _writer.ApplyAsync(new ReplaceDocument("doc", 2, "doc", "text/plain", [], Model.ModelId, [new IndexedChunk("doc@2#0", 0, "Terns.", 0, 6, Vector)]), default);
        Assert.False(write.IsCompleted, "the write should still wait for its commit");

        var held = await _writer.IndexedVersionAsync("doc", default);

        Assert.Equal(2, held);
        Assert.True(write.IsCompletedSuccessfully, "the answer came before the write it names was durable");
    }
}
