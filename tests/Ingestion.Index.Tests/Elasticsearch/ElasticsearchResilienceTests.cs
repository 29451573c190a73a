using Ingestion.Core.Embeddings;
using Ingestion.Index.Elasticsearch;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// The retries the services put around the client's handler (the client's single-node pool makes none): a request
/// answered 503 is sent again and the write goes through, where without them it fails.
/// </summary>
public sealed class ElasticsearchResilienceTests
{
    private static readonly EmbeddingModelInfo Model = new("contract-model", 2);

    [Fact]
    public async Task RequestsRefusedWith503AreSentAgainAndTheWriteIsApplied()
    {
        using var store = new StandInStore(Model, around: ElasticsearchResilience.Around);
        store.Faults.FailNext(StoreStep.ChunkWrite);
        store.Faults.FailNext(StoreStep.ManifestWrite);
        store.Faults.FailNext(StoreStep.ManifestWrite);

        Assert.Equal(WriteOutcome.Applied, await store.Writer.ApplyAsync(Replace("doc", 1), default));

        Assert.Equal(["doc@1#0"], store.StoredChunks);
        Assert.Equal(1, await store.Writer.IndexedVersionAsync("doc", default));
    }

    [Fact]
    public async Task WithoutTheRetriesTheSame503FailsTheWrite()
    {
        using var store = new StandInStore(Model);
        store.Faults.FailNext(StoreStep.ManifestWrite);

        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => store.Writer.ApplyAsync(Replace("doc", 1), default));

        Assert.Equal(503, refused.Status);
    }

    private static ReplaceDocument Replace(string id, long version) =>
        new(id, version, "Title", "text/plain", ["tag"], Model.ModelId, [new IndexedChunk($"{id}@{version}#0", 0, "text", 0, 4, new float[] { 1, 0 })]);
}
