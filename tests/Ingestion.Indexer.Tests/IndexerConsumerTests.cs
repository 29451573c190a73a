using Ingestion.Contracts;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Status;
using Ingestion.Index;
using Ingestion.Index.Lucene.Reading;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Tests;

/// <summary>
/// The indexer's consumers on MassTransit's in-memory harness: an embedded document is written and reported indexed,
/// an older version arriving late is ignored and noted (the status stays at the newer version), a message with another
/// model's vectors is embedded again from its text with this index's model (the real encoder), and a delete is
/// reported deleted; what the index holds is read back from its folder.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class IndexerConsumerTests(LocalRedis redis)
{
    private static readonly SentenceEncoderModel Model = SentenceEncoderModels.Default;

    [Fact]
    public async Task ChangesAreIndexedStaleOnesIgnoredOtherModelsReembeddedAndDeletesDeleted()
    {
        await using var indexer = await HarnessHost.StartAsync(redis, b => b.AddIngestionIndexer());
        var status = indexer.Services.GetRequiredService<IDocumentStatusStore>();
        var kept = $"kept-{Guid.NewGuid():N}";
        var gone = $"gone-{Guid.NewGuid():N}";
        var wrong = $"wrong-{Guid.NewGuid():N}";

        await indexer.Harness.Bus.Publish(Embedded(kept, 3, Model.ModelId, Model.Dimension));
        await WaitForAsync(status, kept, DocumentState.Indexed);
        await indexer.Harness.Bus.Publish(Embedded(kept, 2, Model.ModelId, Model.Dimension));
        await Eventually.TrueAsync(async () => (await status.GetAsync(kept, default))?.LastIgnoredVersion == 2, "the late version 2 to be noted as ignored");
        await indexer.Harness.Bus.Publish(Embedded(wrong, 1, "another/model", 8));
        await indexer.Harness.Bus.Publish(Embedded(gone, 1, Model.ModelId, Model.Dimension));
        await WaitForAsync(status, gone, DocumentState.Indexed);
        await indexer.Harness.Bus.Publish(new DocumentDeleted { DocumentId = gone, Version = 2, OccurredAt = DateTimeOffset.UtcNow });

        await WaitForAsync(status, gone, DocumentState.Deleted);
        var newest = (await status.GetAsync(kept, default))!;
        Assert.Equal((DocumentState.Indexed, 3L), (newest.State, newest.Version));
        await WaitForAsync(status, wrong, DocumentState.Indexed);

        using var searcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexer.DataPath }));
        using var snapshot = searcher.AcquireSnapshot();
        var held = await snapshot.IndexedVersionsAsync([kept, gone, wrong], default);
        Assert.Equal(new IndexedVersion(3, Deleted: false), held[kept]);
        Assert.Equal(new IndexedVersion(2, Deleted: true), held[gone]);
        Assert.Equal(new IndexedVersion(1, Deleted: false), held[wrong]);
        Assert.Equal(Model.ModelId, snapshot.Model!.ModelId);
    }

    [Fact]
    public async Task AChunkEmbeddedAgainForAnotherModelIsEmbeddedWithItsContextAsTheWorkerEmbedsIt()
    {
        await using var indexer = await HarnessHost.StartAsync(redis, b => b.AddIngestionIndexer());
        var status = indexer.Services.GetRequiredService<IDocumentStatusStore>();
        var id = $"context-{Guid.NewGuid():N}";
        var message = Embedded(id, 1, "another/model", 8);
        message = message with { Chunks = [message.Chunks[0] with { Text = "Boats leave every hour.", Context = "Ferry timetables › Winter" }] };

        await indexer.Harness.Bus.Publish(message);
        await WaitForAsync(status, id, DocumentState.Indexed);

        // The stored vector is the one of the chunk's text with its context, as the worker and a re-index make it.
        var encoder = indexer.Services.GetRequiredService<EmbeddingGenerators>().For(Model.ModelId);
        var expected = await encoder.GenerateAsync([EmbeddingText.Of(id, id, "Boats leave every hour.", "Ferry timetables › Winter"), EmbeddingText.Of(id, id, "Boats leave every hour.")]);
        using var searcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexer.DataPath }));
        using var snapshot = searcher.AcquireSnapshot();
        async Task<double> ScoreOf(ReadOnlyMemory<float> vector) =>
            Assert.Single(await snapshot.SearchDenseAsync(vector, 10, SearchFilter.None, default), h => h.DocumentId == id).Score;
        var withContext = await ScoreOf(expected[0].Vector);
        var withoutContext = await ScoreOf(expected[1].Vector);
        Assert.True(withContext > 0.99 && withContext > withoutContext + 0.02, $"stored vector's score: {withContext} against the chunk with its context, {withoutContext} without");
    }

    [Fact]
    public async Task ADocumentTheStoreCannotHoldFailsAtOnceWithTheReasonAndTheOneBesideItIsIndexed()
    {
        await using var indexer = await HarnessHost.StartAsync(redis, b => b.AddIngestionIndexer());
        var status = indexer.Services.GetRequiredService<IDocumentStatusStore>();
        var poisoned = $"poisoned-{Guid.NewGuid():N}";
        var beside = $"beside-{Guid.NewGuid():N}";

        await indexer.Harness.Bus.Publish(Embedded(poisoned, 1, Model.ModelId, Model.Dimension) with { ContentType = "text/plain; x=" + new string('x', 40_000) });
        await indexer.Harness.Bus.Publish(Embedded(beside, 1, Model.ModelId, Model.Dimension));

        var failed = await WaitForAsync(status, poisoned, DocumentState.Failed);
        Assert.Equal(("index", 1), (failed.FailedStep, failed.Attempts)); // permanent: not retried
        Assert.Contains("contentType", failed.Error, StringComparison.Ordinal);
        await WaitForAsync(status, beside, DocumentState.Indexed);
    }

    [Fact]
    public async Task AnotherChangeAtAnIndexedVersionFailsWithTheReasonAndTheIndexKeepsTheFirst()
    {
        // Past the gateway's door only where its reader had not yet seen the version (and Redis had lost the claim).
        await using var indexer = await HarnessHost.StartAsync(redis, b => b.AddIngestionIndexer());
        var status = indexer.Services.GetRequiredService<IDocumentStatusStore>();
        var id = $"same-version-{Guid.NewGuid():N}";
        await indexer.Harness.Bus.Publish(Embedded(id, 5, Model.ModelId, Model.Dimension) with { ChangeHash = "first" });
        await WaitForAsync(status, id, DocumentState.Indexed);

        // Redis lost the status (a failure never replaces a durable outcome of the same version, so it must be gone).
        await redis.Connection.GetDatabase().KeyDeleteAsync(RedisDocumentStatusStore.StatusKey(id));
        await indexer.Harness.Bus.Publish(Embedded(id, 5, Model.ModelId, Model.Dimension) with { ChangeHash = "second" });
        var other = await WaitForAsync(status, id, DocumentState.Failed);
        await redis.Connection.GetDatabase().KeyDeleteAsync(RedisDocumentStatusStore.StatusKey(id));
        await indexer.Harness.Bus.Publish(new DocumentDeleted { DocumentId = id, Version = 5, OccurredAt = DateTimeOffset.UtcNow });
        var delete = await WaitForAsync(status, id, DocumentState.Failed);

        Assert.Contains("already indexed with other content", other.Error, StringComparison.Ordinal);
        Assert.Contains("a delete needs a newer version", delete.Error, StringComparison.Ordinal);
        Assert.Equal(1, delete.Attempts); // permanent: not retried
        using var searcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexer.DataPath }));
        using var snapshot = searcher.AcquireSnapshot();
        Assert.Equal(new IndexedVersion(5, Deleted: false, "first"), (await snapshot.IndexedVersionsAsync([id], default))[id]);
    }

    [Fact]
    public async Task AChangeOlderThanTheTombstoneRetentionOfADocumentTheIndexDoesNotKnowFailsWithTheReason()
    {
        // Older than the retention, the index may have forgotten a delete that came after it (a message redriven
        // from an error queue days later): applied, it would bring a deleted document back.
        await using var indexer = await HarnessHost.StartAsync(redis, b => b.AddIngestionIndexer());
        var status = indexer.Services.GetRequiredService<IDocumentStatusStore>();
        var retention = indexer.Services.GetRequiredService<IOptions<IndexOptions>>().Value.TombstoneRetention;
        var forgotten = $"forgotten-{Guid.NewGuid():N}";
        var known = $"known-{Guid.NewGuid():N}";
        await indexer.Harness.Bus.Publish(Embedded(known, 1, Model.ModelId, Model.Dimension));
        await WaitForAsync(status, known, DocumentState.Indexed);
        var longAgo = DateTimeOffset.UtcNow - retention - TimeSpan.FromHours(1);

        await indexer.Harness.Bus.Publish(Embedded(forgotten, 5, Model.ModelId, Model.Dimension) with { OccurredAt = longAgo });
        await indexer.Harness.Bus.Publish(Embedded(known, 2, Model.ModelId, Model.Dimension) with { OccurredAt = longAgo });

        var failed = await WaitForAsync(status, forgotten, DocumentState.Failed);
        Assert.Contains("Index:TombstoneRetention", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, failed.Attempts); // permanent: not retried
        // A document the index holds an older version of cannot have been deleted since: its change still applies.
        await Eventually.TrueAsync(async () => (await status.GetAsync(known, default))?.Version == 2, "the old change of a document the index holds to be indexed");
        using var searcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexer.DataPath }));
        using var snapshot = searcher.AcquireSnapshot();
        var held = await snapshot.IndexedVersionsAsync([forgotten, known], default);
        Assert.False(held.ContainsKey(forgotten));
        Assert.Equal(2L, held[known].Version);
    }

    [Fact]
    public async Task AFaultAfterTheIndexMadeAChangeDurableRecordsItsStatusWithItsReadersAndADeleteStillExpires()
    {
        // The index applied both changes, then their consumers failed before recording a status: the faults must
        // record what the change's own consumer would have, who may read it, and a delete's time to be forgotten.
        await using var indexer = await HarnessHost.StartAsync(redis, b => b.AddIngestionIndexer());
        var status = indexer.Services.GetRequiredService<IDocumentStatusStore>();
        var writer = indexer.Services.GetRequiredService<IChunkIndexWriter>();
        var (kept, gone) = ($"kept-{Guid.NewGuid():N}", $"gone-{Guid.NewGuid():N}");
        string[] readers = ["group:birders"];
        var vector = new float[Model.Dimension];
        vector[0] = 1;
        await writer.ApplyAsync(new ReplaceDocument(kept, 1, kept, "text/plain", [], Model.ModelId, [new IndexedChunk($"{kept}@1#0", 0, "Terns dive.", 0, 11, vector)]) { Readers = readers }, default);
        await writer.ApplyAsync(new RemoveDocument(gone, 2) { Readers = readers }, default);

        await indexer.Harness.Bus.Publish<Fault<DocumentEmbedded>>(new { Message = Embedded(kept, 1, Model.ModelId, Model.Dimension) with { Readers = readers }, Exceptions = Array.Empty<ExceptionInfo>() });
        await indexer.Harness.Bus.Publish<Fault<DocumentDeleted>>(new { Message = new DocumentDeleted { DocumentId = gone, Version = 2, Readers = readers, OccurredAt = DateTimeOffset.UtcNow }, Exceptions = Array.Empty<ExceptionInfo>() });

        Assert.Equal(readers, (await WaitForAsync(status, kept, DocumentState.Indexed)).Readers);
        Assert.Equal(readers, (await WaitForAsync(status, gone, DocumentState.Deleted)).Readers);
        Assert.NotNull(await redis.Connection.GetDatabase().KeyTimeToLiveAsync(RedisDocumentStatusStore.StatusKey(gone)));
    }

    private static async Task<DocumentStatus> WaitForAsync(IDocumentStatusStore status, string id, DocumentState state)
    {
        await Eventually.TrueAsync(async () => (await status.GetAsync(id, default))?.State == state, $"{id} to be {state}");
        return (await status.GetAsync(id, default))!;
    }

    private static DocumentEmbedded Embedded(string id, long version, string modelId, int dimension) => new()
    {
        DocumentId = id,
        Version = version,
        Title = id,
        ContentType = "text/plain",
        EmbeddingModelId = modelId,
        OccurredAt = DateTimeOffset.UtcNow,
        Chunks = [new EmbeddedChunk { Ordinal = 0, Text = $"Version {version} of {id}.", StartOffset = 0, EndOffset = 10, Vector = VectorBytes.From(new float[dimension]) }],
    };
}
