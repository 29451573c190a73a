using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Lucene.Writing;

/// <summary>
/// One document the store cannot hold (a content type of 40,000 characters is one term, over Lucene's 32,766 bytes)
/// fails alone, with the reason; the writes waiting for the same group commit are committed. Lucene refusing the term
/// inside the commit would otherwise roll back every write of the group, again on every redelivery (#23).
/// </summary>
public sealed class LuceneRejectedWriteTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private static readonly float[] Vector = [0.5f, 0.5f, 0.5f, 0.5f];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private LuceneChunkIndexWriter _writer = null!;

    // A long delay gathers every write of the test into one group commit.
    private IOptions<IndexOptions> Options => Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.FromMilliseconds(300) });

    public Task InitializeAsync()
    {
        _writer = LuceneChunkIndexWriter.Open(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task AnImmenseTermFailsItsDocumentAloneAndEveryWriteOfTheSameCommitIsCommitted()
    {
        var good = Enumerable.Range(0, 5).Select(i => _writer.ApplyAsync(Replace($"good-{i}", "text/plain"), default)).ToList();
        var poisoned = _writer.ApplyAsync(Replace("poisoned", "text/plain; x=" + new string('x', 40_000)), default);

        var refused = await Assert.ThrowsAsync<DocumentRejectedException>(() => poisoned);
        Assert.Contains("contentType", refused.Message, StringComparison.Ordinal);
        Assert.All(await Task.WhenAll(good), outcome => Assert.Equal(WriteOutcome.Applied, outcome));
        Assert.Null(_writer.Failure);

        using var reader = new LuceneChunkIndexReader(Options);
        using var snapshot = reader.AcquireSnapshot();
        var held = await snapshot.IndexedVersionsAsync([.. Enumerable.Range(0, 5).Select(i => $"good-{i}"), "poisoned"], default);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"good-{i}"), held.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADocumentLuceneItselfRefusesFailsAloneAndTheWritesOfItsCommitAreAddedAgainAndCommitted()
    {
        // Without the check first, the immense term reaches Lucene, as a term of a field the check did not know would.
        await _writer.DisposeAsync();
        _writer = LuceneChunkIndexWriter.Open(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System, checkTermsFirst: false);
        var before = Enumerable.Range(0, 3).Select(i => _writer.ApplyAsync(Replace($"before-{i}", "text/plain"), default)).ToList();
        var deleted = _writer.ApplyAsync(new RemoveDocument("before-0", 2), default);

        // A tag is kept as it is, one term: 40,000 characters are over Lucene's 32,766 bytes.
        var refused = await Assert.ThrowsAsync<DocumentRejectedException>(() => _writer.ApplyAsync(Replace("poisoned", "text/plain") with { Tags = [new string('x', 40_000)] }, default));
        var after = Enumerable.Range(0, 2).Select(i => _writer.ApplyAsync(Replace($"after-{i}", "text/plain"), default)).ToList();

        Assert.Contains("poisoned", refused.Message, StringComparison.Ordinal);
        Assert.All(await Task.WhenAll([.. before, deleted, .. after]), outcome => Assert.Equal(WriteOutcome.Applied, outcome));
        Assert.Null(_writer.Failure);
        using var reader = new LuceneChunkIndexReader(Options);
        using var snapshot = reader.AcquireSnapshot();
        var held = await snapshot.IndexedVersionsAsync(["before-0", "before-1", "before-2", "after-0", "after-1", "poisoned"], default);
        Assert.Equal(["after-0", "after-1", "before-0", "before-1", "before-2"], held.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new IndexedVersion(2, Deleted: true), held["before-0"]);
    }

    private static ReplaceDocument Replace(string id, string contentType) =>
        new(id, 1, id, contentType, ["tag"], Model.ModelId, [new IndexedChunk($"{id}@1#0", 0, "Gannets dive for fish.", 0, 22, Vector)]);
}
