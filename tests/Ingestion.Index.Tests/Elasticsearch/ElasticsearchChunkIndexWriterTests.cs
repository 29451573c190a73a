using System.Text.Json.Nodes;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Elasticsearch;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// The writer's ordering protocol, through Elastic's client, against <see cref="ElasticsearchStandIn"/> (no cluster
/// can run here): which documents exist after each sequence of writes, including writers that lose a race, requests
/// that fail, and writes interrupted between any two of their requests.
/// </summary>
public sealed class ElasticsearchChunkIndexWriterTests : IDisposable
{
    private static readonly EmbeddingModelInfo Model = new("contract-model", 2);
    private readonly StandInStore _store = new(Model);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task TheFirstWriteCreatesTheIndexBehindTheAliasWithTheModelInItsMapping()
    {
        await Replace("doc", 1, chunks: 1);

        Assert.StartsWith("chunks-contract-model-", _store.Cluster.Index, StringComparison.Ordinal);
        Assert.Equal("contract-model", _store.Cluster.Mappings!["_meta"]!["embedding_model"]!.GetValue<string>());
    }

    [Fact]
    public async Task AReplaceWritesItsChunksThenItsManifestAndDeletesTheReplacedVersionsChunks()
    {
        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 1, chunks: 3));
        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 2, chunks: 1));

        Assert.Equal(["doc@2#0"], _store.StoredChunks);
        Assert.Equal(2, ManifestVersion("doc"));
        var steps = _store.Cluster.Requests.SkipWhile(r => r.Step != StoreStep.ManifestRead).Select(r => r.Step).ToList();
        Assert.Equal(
            [StoreStep.ManifestRead, StoreStep.ChunkWrite, StoreStep.ManifestWrite, StoreStep.OlderChunksDelete,
             StoreStep.ManifestRead, StoreStep.ChunkWrite, StoreStep.ManifestWrite, StoreStep.ChunkDelete, StoreStep.OlderChunksDelete],
            steps);
    }

    [Fact]
    public async Task ADeleteRemovesEveryChunkAndKeepsItsVersionSoALateOlderReplaceIsStale()
    {
        await Replace("doc", 1, chunks: 2);

        Assert.Equal(WriteOutcome.Applied, await _store.Writer.ApplyAsync(new RemoveDocument("doc", 5), default));
        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 4, chunks: 2));

        Assert.Empty(_store.StoredChunks);
        Assert.True(_store.Cluster.Source("m:doc")!["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnOlderVersionWritesNothingAndTheSameVersionAgainIsAlreadyApplied()
    {
        await Replace("doc", 3, chunks: 1);
        var writes = ChunkWrites();

        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 2, chunks: 1));
        Assert.Equal(WriteOutcome.AlreadyApplied, await Replace("doc", 3, chunks: 1));

        Assert.Equal(writes, ChunkWrites());
        Assert.Equal(["doc@3#0"], _store.StoredChunks);
    }

    [Fact]
    public async Task AWriterOvertakenByANewerVersionDeletesTheChunksItWrote()
    {
        // Between this writer's chunk write and its manifest write, another writer commits version 9.
        _store.Cluster.BeforeManifestWrite = (cluster, id) =>
        {
            cluster.BeforeManifestWrite = null;
            cluster.Put(id, Manifest("doc", 9, chunks: 0));
        };

        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 2, chunks: 2));

        Assert.Empty(_store.StoredChunks);
        Assert.Equal(9, ManifestVersion("doc"));
    }

    [Fact]
    public async Task AWriterOvertakenByAnOlderVersionTriesAgainAndDeletesThatVersionsChunks()
    {
        // An older version (1, two chunks) commits between this writer's read and its manifest write; the
        // compare-and-set fails with 409, the writer reads again, wins, and removes version 1's chunks, which its first read missed.
        _store.Cluster.BeforeManifestWrite = (cluster, id) =>
        {
            cluster.BeforeManifestWrite = null;
            cluster.Put("c:doc@1#0", Chunk("doc", 1));
            cluster.Put("c:doc@1#1", Chunk("doc", 1));
            cluster.Put(id, Manifest("doc", 1, chunks: 2));
        };

        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 2, chunks: 1));

        Assert.Equal(["doc@2#0"], _store.StoredChunks);
    }

    [Fact]
    public async Task AStaleRetryOfAWriteWhoseManifestWriteFailedDeletesTheChunksItsFirstAttemptWrote()
    {
        // (a) v2's chunks are written and its manifest write fails (503); v3 is applied; v2's retry finds itself stale.
        await Replace("doc", 1, chunks: 2);
        _store.Faults.FailNext(StoreStep.ManifestWrite);
        await Assert.ThrowsAsync<ElasticsearchException>(() => Replace("doc", 2, chunks: 3));
        Assert.Contains("doc@2#2", _store.StoredChunks);

        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 3, chunks: 1));
        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 2, chunks: 3));

        Assert.Equal(["doc@3#0"], _store.StoredChunks);
    }

    [Fact]
    public async Task AStaleRetryDeletesItsFirstAttemptsChunksEvenWhenTheNewerWritesDeleteByQueryCouldNotSeeThem()
    {
        // A delete by query finds only what the last refresh made searchable (by default once a second): v3's
        // cleanup can miss v2's unrefreshed chunks, so only v2's own retry can name and remove them.
        await Replace("doc", 1, chunks: 2);
        _store.Cluster.AutoRefresh = false;
        _store.Faults.FailNext(StoreStep.ManifestWrite);
        await Assert.ThrowsAsync<ElasticsearchException>(() => Replace("doc", 2, chunks: 3));
        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 3, chunks: 1));
        Assert.Contains("doc@2#2", _store.StoredChunks);

        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 2, chunks: 3));

        Assert.Equal(["doc@3#0"], _store.StoredChunks);
    }

    [Fact]
    public async Task ChunksLeftByAFailedDeleteOfTheReplacedVersionAreRemovedByTheNextWrite()
    {
        // (b) v2's manifest is set but deleting v1's chunks fails; v3 then replaces v2 and names only v2's chunks.
        await Replace("doc", 1, chunks: 2);
        _store.Faults.FailNext(StoreStep.ChunkDelete);
        await Assert.ThrowsAsync<ElasticsearchException>(() => Replace("doc", 2, chunks: 1));
        Assert.Equal(2, ManifestVersion("doc"));

        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 3, chunks: 1));

        Assert.Equal(["doc@3#0"], _store.StoredChunks);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    [InlineData(4, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, true)]
    public async Task AWriteInterruptedBetweenAnyTwoOfItsRequestsEndsWithOnlyTheNewestVersionAndNoAnswerEverMixesVersions(int requestsBeforeCrash, bool newerVersionFirst)
    {
        await Replace("doc", 1, chunks: 2);
        _store.Faults.CrashAfter(requestsBeforeCrash);
        await Assert.ThrowsAnyAsync<Exception>(() => Replace("doc", 2, chunks: 3));
        _store.Faults.Restart();
        await AssertOneVersionSearchable();

        if (newerVersionFirst)
        {
            Assert.Equal(WriteOutcome.Applied, await Replace("doc", 3, chunks: 1));
            await AssertOneVersionSearchable();
        }

        // The message is redelivered and the same write runs again.
        var redelivered = await Replace("doc", 2, chunks: 3);

        var newest = newerVersionFirst ? 3 : 2;
        Assert.Equal(newerVersionFirst ? WriteOutcome.Stale : requestsBeforeCrash >= 3 ? WriteOutcome.AlreadyApplied : WriteOutcome.Applied, redelivered);
        Assert.Equal(newest, ManifestVersion("doc"));
        Assert.All(_store.StoredChunks, c => Assert.StartsWith($"doc@{newest}#", c, StringComparison.Ordinal));
        Assert.Equal(newerVersionFirst ? 1 : 3, _store.StoredChunks.Count());
        Assert.Equal([newest], await AssertOneVersionSearchable());
    }

    [Fact]
    public async Task BulkItemsRefusedWith429AreSentAgainAloneAndTheWriteSucceeds()
    {
        _store.Cluster.RefuseOnce.Add("c:doc@1#1");

        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 1, chunks: 3));

        Assert.Equal(["doc@1#0", "doc@1#1", "doc@1#2"], _store.StoredChunks);
        var retried = _store.Cluster.Requests.Where(r => r.Step == StoreStep.ChunkWrite).ElementAt(1).Body;
        Assert.Contains("c:doc@1#1", retried, StringComparison.Ordinal);
        Assert.DoesNotContain("c:doc@1#0", retried, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADocumentWhoseChunkElasticsearchRefusesWith400FailsAloneForGoodAndLeavesNoChunk()
    {
        await Replace("neighbour", 1, chunks: 2);
        _store.Cluster.RefuseAsInvalid.Add("c:poisoned@1#1");

        var refused = await Assert.ThrowsAsync<DocumentRejectedException>(() => Replace("poisoned", 1, chunks: 3));
        var after = await Replace("later", 1, chunks: 1);

        Assert.Contains("document_parsing_exception", refused.Message, StringComparison.Ordinal);
        Assert.Equal(WriteOutcome.Applied, after);
        Assert.Equal(["later@1#0", "neighbour@1#0", "neighbour@1#1"], _store.StoredChunks);
        Assert.Null(await _store.Writer.IndexedVersionAsync("poisoned", default));
        Assert.Equal(1, await _store.Writer.IndexedVersionAsync("neighbour", default));
    }

    [Fact]
    public async Task AnIndexBuiltForAnotherModelIsRefused()
    {
        _store.Cluster.CreateIndex("chunks-other-model-20260101000000", "chunks", new JsonObject { ["embedding_model"] = "other-model", ["embedding_dimension"] = 2 });

        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => Replace("doc", 1, chunks: 1));
    }

    /// <summary>Searches both legs as a reader would now; returns the versions of "doc" they found, which must be one at most.</summary>
    private async Task<IReadOnlyList<long>> AssertOneVersionSearchable()
    {
        using var snapshot = _store.Searcher.AcquireSnapshot();
        var lexical = await snapshot.SearchLexicalAsync("text", 10, SearchFilter.None, default);
        var dense = await snapshot.SearchDenseAsync(new float[] { 1, 0 }, 10, SearchFilter.None, default);
        var versions = lexical.Concat(dense).Select(h => h.Version).Distinct().ToList();
        Assert.True(versions.Count <= 1, $"versions found: {string.Join(", ", versions)}");
        var manifest = ManifestVersion("doc");
        Assert.All(versions, v => Assert.Equal(manifest, v));
        return versions;
    }

    private long? ManifestVersion(string id) => _store.Cluster.Source("m:" + id)?["version"]!.GetValue<long>();

    private int ChunkWrites() => _store.Cluster.Requests.Count(r => r.Step == StoreStep.ChunkWrite);

    private Task<WriteOutcome> Replace(string id, long version, int chunks) => _store.Writer.ApplyAsync(ReplaceOf(id, version, chunks), default);

    private static ReplaceDocument ReplaceOf(string id, long version, int chunks) =>
        new(id, version, "Title", "text/plain", ["tag"], Model.ModelId, [.. Enumerable.Range(0, chunks).Select(i => new IndexedChunk($"{id}@{version}#{i}", i, "text", 0, 4, new float[] { 1, 0 }))]);

    private static JsonObject Chunk(string id, long version) =>
        new() { ["kind"] = "chunk", ["document_id"] = id, ["version"] = version, ["chunk_id"] = $"{id}@{version}" };

    private static JsonObject Manifest(string id, long version, int chunks) =>
        new() { ["kind"] = "manifest", ["document_id"] = id, ["version"] = version, ["deleted"] = false, ["chunk_count"] = chunks };
}
