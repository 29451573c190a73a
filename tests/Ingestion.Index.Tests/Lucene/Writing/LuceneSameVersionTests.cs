using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene.Writing;

/// <summary>
/// Which change wrote a version outlives the writer: a writer opened again reads it back from the manifests, so a
/// different change at that version is still refused after a restart, as after Redis lost its claims (#23).
/// </summary>
public sealed class LuceneSameVersionTests : IDisposable
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private static readonly float[] Vector = [0.5f, 0.5f, 0.5f, 0.5f];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));

    private IOptions<IndexOptions> Options => Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.Zero });

    public void Dispose() => Directory.Delete(_dataPath, recursive: true);

    [Fact]
    public async Task AWriterOpenedAgainStillRefusesAnotherChangeAtAnIndexedVersion()
    {
        await using (var first = Open())
        {
            Assert.Equal(WriteOutcome.Applied, await first.ApplyAsync(Replace("doc", "hash-a"), default));
        }

        await using var reopened = Open();

        await Assert.ThrowsAsync<DocumentRejectedException>(() => reopened.ApplyAsync(Replace("doc", "hash-b"), default));
        await Assert.ThrowsAsync<DocumentRejectedException>(() => reopened.ApplyAsync(new RemoveDocument("doc", 5), default));
        Assert.Equal(WriteOutcome.AlreadyApplied, await reopened.ApplyAsync(Replace("doc", "hash-a"), default));
    }

    private LuceneChunkIndexWriter Open() => LuceneChunkIndexWriter.Open(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);

    private static ReplaceDocument Replace(string id, string hash) =>
        new(id, 5, id, "text/plain", [], Model.ModelId, [new IndexedChunk($"{id}@5#0", 0, "Shags dry their wings.", 0, 22, Vector)], Hash: hash);
}
