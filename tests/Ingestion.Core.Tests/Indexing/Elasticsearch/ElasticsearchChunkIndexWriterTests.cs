using System.Text.Json.Nodes;
using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Tests.Indexing.Elasticsearch;

/// <summary>
/// The writer's ordering protocol against <see cref="InMemoryDocumentApi"/>, a stand-in for Elasticsearch's
/// document APIs (no cluster can run here): which documents exist after each sequence of writes, including writers
/// that lose a race and writes interrupted halfway.
/// </summary>
public sealed class ElasticsearchChunkIndexWriterTests : IDisposable
{
    private static readonly EmbeddingModelInfo Model = new("contract-model", 2);
    private readonly InMemoryDocumentApi _cluster = new();
    private readonly ElasticsearchIndex _index;
    private readonly ElasticsearchChunkIndexWriter _writer;

    public ElasticsearchChunkIndexWriterTests()
    {
        var options = Options.Create(new ElasticsearchOptions { IndexAlias = "chunks", ItemRetries = 2 });
        var client = new ElasticsearchClient(new ClusterHttpClients(new Uri("http://cluster.invalid:9200"), _cluster), options);
        _index = new ElasticsearchIndex(client, options, Model, TimeProvider.System);
        _writer = new ElasticsearchChunkIndexWriter(client, _index, Model);
    }

    public void Dispose()
    {
        _index.Dispose();
        _cluster.Dispose();
    }

    [Fact]
    public async Task TheFirstWriteCreatesTheIndexBehindTheAliasWithTheModelInItsMapping()
    {
        await Replace("doc", 1, chunks: 1);

        Assert.StartsWith("chunks-contract-model-", _cluster.Index, StringComparison.Ordinal);
        Assert.Equal("contract-model", _cluster.Meta!["embedding_model"]!.GetValue<string>());
    }

    [Fact]
    public async Task AReplaceWritesItsChunksThenItsManifestAndDeletesTheReplacedVersionsChunks()
    {
        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 1, chunks: 3));
        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 2, chunks: 1));

        Assert.Equal(["c:doc@2#0", "m:doc"], _cluster.Ids.Order(StringComparer.Ordinal));
        Assert.Equal(2, _cluster.Source("m:doc")!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task ADeleteRemovesEveryChunkAndKeepsItsVersionSoALateOlderReplaceIsStale()
    {
        await Replace("doc", 1, chunks: 2);

        Assert.Equal(WriteOutcome.Applied, await _writer.ApplyAsync(new RemoveDocument("doc", 5), default));
        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 4, chunks: 2));

        Assert.Equal(["m:doc"], _cluster.Ids);
        Assert.True(_cluster.Source("m:doc")!["deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnOlderVersionWritesNothingAndTheSameVersionAgainIsAlreadyApplied()
    {
        await Replace("doc", 3, chunks: 1);
        var bulks = _cluster.BulkBodies.Count;

        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 2, chunks: 1));
        Assert.Equal(WriteOutcome.AlreadyApplied, await Replace("doc", 3, chunks: 1));

        Assert.Equal(bulks, _cluster.BulkBodies.Count);
        Assert.Equal(["c:doc@3#0", "m:doc"], _cluster.Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AWriterOvertakenByANewerVersionDeletesTheChunksItWrote()
    {
        // Between this writer's chunk write and its manifest write, another writer commits version 9.
        _cluster.BeforeCompareAndSet = (cluster, id) =>
        {
            cluster.BeforeCompareAndSet = null;
            cluster.Put(id, Manifest("doc", 9, chunks: 0));
        };

        Assert.Equal(WriteOutcome.Stale, await Replace("doc", 2, chunks: 2));

        Assert.Equal(["m:doc"], _cluster.Ids);
        Assert.Equal(9, _cluster.Source("m:doc")!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task AWriterOvertakenByAnOlderVersionTriesAgainAndDeletesThatVersionsChunks()
    {
        // An older version (1, two chunks) commits between this writer's read and its manifest write; the
        // compare-and-set fails, the writer reads again, wins, and removes version 1's chunks, which its first read missed.
        _cluster.BeforeCompareAndSet = (cluster, id) =>
        {
            cluster.BeforeCompareAndSet = null;
            cluster.Put("c:doc@1#0", new JsonObject { ["document_id"] = "doc" });
            cluster.Put("c:doc@1#1", new JsonObject { ["document_id"] = "doc" });
            cluster.Put(id, Manifest("doc", 1, chunks: 2));
        };

        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 2, chunks: 1));

        Assert.Equal(["c:doc@2#0", "m:doc"], _cluster.Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARepeatedWriteFinishesADeleteOfTheReplacedVersionThatACrashInterrupted()
    {
        await Replace("doc", 1, chunks: 2);
        // As after a crash between the manifest write and the deletion of version 1's chunks.
        await Replace("doc", 2, chunks: 1);
        _cluster.Put("c:doc@1#0", new JsonObject { ["document_id"] = "doc" });
        _cluster.Put("c:doc@1#1", new JsonObject { ["document_id"] = "doc" });

        Assert.Equal(WriteOutcome.AlreadyApplied, await Replace("doc", 2, chunks: 1));

        Assert.Equal(["c:doc@2#0", "m:doc"], _cluster.Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BulkItemsRefusedWith429AreSentAgainAloneAndTheWriteSucceeds()
    {
        _cluster.RefuseOnce.Add("c:doc@1#1");

        Assert.Equal(WriteOutcome.Applied, await Replace("doc", 1, chunks: 3));

        Assert.Equal(["c:doc@1#0", "c:doc@1#1", "c:doc@1#2", "m:doc"], _cluster.Ids.Order(StringComparer.Ordinal));
        var retried = _cluster.BulkBodies[1];
        Assert.Contains("c:doc@1#1", retried, StringComparison.Ordinal);
        Assert.DoesNotContain("c:doc@1#0", retried, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIndexBuiltForAnotherModelIsRefused()
    {
        _cluster.CreateIndex("chunks-other-model-20260101000000", new JsonObject { ["embedding_model"] = "other-model", ["embedding_dimension"] = 2 });

        await Assert.ThrowsAsync<EmbeddingModelMismatchException>(() => Replace("doc", 1, chunks: 1));
    }

    private Task<WriteOutcome> Replace(string id, long version, int chunks) => _writer.ApplyAsync(
        new ReplaceDocument(id, version, "Title", "text/plain", ["tag"], Model.ModelId, [.. Enumerable.Range(0, chunks).Select(i => new IndexedChunk($"{id}@{version}#{i}", i, "text", 0, 4, new float[] { 1, 0 }))]),
        default);

    private static JsonObject Manifest(string id, long version, int chunks) =>
        new() { ["kind"] = "manifest", ["document_id"] = id, ["version"] = version, ["deleted"] = false, ["chunk_count"] = chunks };
}
