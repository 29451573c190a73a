using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Contracts;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Status;
using StackExchange.Redis;

namespace Ingestion.IntegrationTests;

/// <summary>Statuses that tell the truth when messages arrive late, fail after the index made them durable, or outlive the status itself.</summary>
[Collection(RunningSystem.Name)]
public sealed class StatusTruthTests(SystemFixture system)
{
    [Fact]
    public async Task AFaultAfterTheIndexMadeAVersionDurableNeverTurnsItsStatusToFailed()
    {
        var id = $"durable-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { contentType = "text/plain", content = "Swifts sleep on the wing.", version = 3 });
        var indexed = (await system.WaitForStateAsync(id, "indexed", 3)).GetProperty("updatedAt").GetDateTimeOffset();

        // The same version again with vectors that are not whole floats: retried, then faulted to the error queue, and
        // the fault reaches the status (it is recorded again, so its time moves on).
        await BrokerMessages.SendAsync(system, "document-embedded", Broken(id, 3));
        await Eventually.TrueAsync(
            async () => (await system.StatusAsync(id))?.GetProperty("updatedAt").GetDateTimeOffset() > indexed,
            "the fault to reach the status");

        var status = await system.StatusAsync(id);
        Assert.Equal("indexed", status!.Value.GetProperty("state").GetString());
        Assert.Equal(3, status.Value.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task AVersionTheIndexHasMovedPastEndsSupersededAndTheDocumentStillShowsTheNewerVersionAfterRedisLostIt()
    {
        var id = $"superseded-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { contentType = "text/plain", content = "Terns migrate pole to pole.", version = 10 });

        // Searchable, not only indexed: until the gateway's reader holds version 10 it can only answer what Redis says
        // (version 5 superseded by 10), which a CI run caught this test reading when it waited for "indexed" alone.
        await system.WaitForSearchableAsync(id, 10);

        // The status is lost (as after Redis lost its data) and an older version arrives late at the indexer.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(await system.Running.ConnectionStringAsync(ResourceNames.Cache)))
        {
            await redis.GetDatabase().KeyDeleteAsync(RedisDocumentStatusStore.StatusKey(id));
        }

        await BrokerMessages.SendAsync(system, "document-embedded", Valid(id, 5));

        // The late version's own status says superseded by 10; the document's answer is what the index holds, naming
        // the ignored version (the fault test found the superseded status answered in place of a newer delete).
        var status = await Eventually.ValueAsync(
            async () => await system.StatusAsync(id) is { } s
                && s.TryGetProperty("lastIgnoredVersion", out var ignored) && ignored.ValueKind == JsonValueKind.Number && ignored.GetInt64() == 5 ? s : (JsonElement?)null,
            "the late version 5 to be ignored");
        Assert.Equal(("indexed", 10L, true), (status.GetProperty("state").GetString(), status.GetProperty("version").GetInt64(), status.GetProperty("fromIndex").GetBoolean()));
    }

    [Fact]
    public async Task AStatusRedisLostIsAnsweredByTheIndexForIndexedAndDeletedDocuments()
    {
        var kept = $"lost-kept-{Guid.NewGuid():N}";
        var gone = $"lost-gone-{Guid.NewGuid():N}";
        await system.PutAsync(kept, new { contentType = "text/plain", content = "Puffins dig burrows.", version = 4 });
        await system.PutAsync(gone, new { contentType = "text/plain", content = "Gannets plunge.", version = 1 });
        await system.WaitForSearchableAsync(kept, 4);
        await system.WaitForSearchableAsync(gone, 1);
        using (var delete = await system.Gateway.DeleteAsync(new Uri($"/api/documents/{gone}?version=2", UriKind.Relative)))
        {
            delete.EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(
            async () => await system.StatusAsync(gone) is { } status && status.GetProperty("state").GetString() == "deleted" && status.GetProperty("searchable").GetBoolean(),
            "the delete to reach the gateway's reader");

        // Redis loses both statuses (as after a restart without persistence, or an eviction).
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(await system.Running.ConnectionStringAsync(ResourceNames.Cache)))
        {
            await redis.GetDatabase().KeyDeleteAsync([RedisDocumentStatusStore.StatusKey(kept), RedisDocumentStatusStore.StatusKey(gone)]);
        }

        var keptStatus = (await system.StatusAsync(kept))!.Value;
        Assert.Equal(("indexed", 4L, true), (keptStatus.GetProperty("state").GetString(), keptStatus.GetProperty("version").GetInt64(), keptStatus.GetProperty("fromIndex").GetBoolean()));
        var goneStatus = (await system.StatusAsync(gone))!.Value;
        Assert.Equal(("deleted", 2L), (goneStatus.GetProperty("state").GetString(), goneStatus.GetProperty("version").GetInt64()));

        using var batch = await system.Gateway.PostAsJsonAsync("/api/documents/status", new { ids = new[] { kept, gone, "never-seen" } });
        var answer = await batch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([gone, kept], answer.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("documentId").GetString()).Order());
        Assert.Equal(["never-seen"], answer.GetProperty("missing").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task AfterRedisLosesEverythingStatusesFollowTheIndexAndOlderVersionsAreStillRefused()
    {
        var id = $"flushed-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { contentType = "text/plain", content = "Shearwaters glide low.", version = 5 });
        await system.WaitForSearchableAsync(id, 5);

        await FlushRedisAsync();

        var status = (await system.StatusAsync(id))!.Value;
        Assert.Equal(("indexed", 5L, true), (status.GetProperty("state").GetString(), status.GetProperty("version").GetInt64(), status.GetProperty("fromIndex").GetBoolean()));

        // An older version is refused by what the index holds, though Redis no longer knows the claims.
        using var older = await system.Gateway.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Older shearwaters.", version = 3 });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, older.StatusCode);
        Assert.Equal(5, (await older.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt64());

        // A change without a version still gets a newer one, and is indexed.
        var accepted = await system.PutAsync(id, new { contentType = "text/plain", content = "Shearwaters return at night." });
        var assigned = accepted.GetProperty("version").GetInt64();
        Assert.True(assigned > 5);
        await system.WaitForSearchableAsync(id, assigned);
    }

    [Fact]
    public async Task AfterRedisLosesEverythingAnotherChangeAtTheIndexedVersionIsRefusedAndTheIndexKeepsItsContent()
    {
        // Before, both were answered 202, reported indexed and deleted, and the index kept the old content.
        var id = $"flushed-same-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { contentType = "text/plain", content = "Petrels patter on the water.", version = 5 });
        await system.WaitForSearchableAsync(id, 5);
        await FlushRedisAsync();

        using var otherContent = await system.Gateway.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Skuas chase the terns.", version = 5 });
        using var delete = await system.Gateway.DeleteAsync($"/api/documents/{id}?version=5");
        var sameAgain = await system.PutAsync(id, new { contentType = "text/plain", content = "Petrels patter on the water.", version = 5 });

        Assert.Equal(System.Net.HttpStatusCode.Conflict, otherContent.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(5, sameAgain.GetProperty("version").GetInt64());
        await system.WaitForStateAsync(id, "indexed", 5);
        Assert.Contains(await system.SearchAsync("petrels patter", "bm25"), h => h.GetProperty("documentId").GetString() == id);
        Assert.DoesNotContain(await system.SearchAsync("skuas chase terns", "bm25"), h => h.GetProperty("documentId").GetString() == id);
    }

    [Fact]
    public async Task AfterRedisLosesEverythingAChangeWithoutAVersionIsNewerThanTheIndexsVersionEvenBeyondTheClock()
    {
        var id = $"flushed-ticks-{Guid.NewGuid():N}";
        var ticks = DateTime.UtcNow.Ticks; // a client's own versions, far beyond the gateway's clock in milliseconds
        await system.PutAsync(id, new { contentType = "text/plain", content = "Albatrosses sleep aloft.", version = ticks });
        await system.WaitForSearchableAsync(id, ticks);

        await FlushRedisAsync();

        // Before, this got the clock's version, older than the index's: 202, and then ignored as superseded.
        var accepted = await system.PutAsync(id, new { contentType = "text/plain", content = "Albatrosses return to the same mate." });
        var assigned = accepted.GetProperty("version").GetInt64();
        Assert.True(assigned > ticks, $"assigned {assigned}, the index holds {ticks}");
        await system.WaitForSearchableAsync(id, assigned);
    }

    /// <summary>Redis loses all its data: statuses, version claims and caches.</summary>
    private async Task FlushRedisAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await system.Running.ConnectionStringAsync(ResourceNames.Cache) + ",allowAdmin=true");
        await redis.GetServers()[0].FlushAllDatabasesAsync();
    }

    private static DocumentEmbedded Broken(string id, long version) => new()
    {
        DocumentId = id,
        Version = version,
        Title = id,
        ContentType = "text/plain",
        Readers = [Index.ReaderTerms.User(SystemFixture.TesterName)],
        EmbeddingModelId = SentenceEncoderModels.Default.ModelId,
        OccurredAt = DateTimeOffset.UtcNow,
        Chunks = [new EmbeddedChunk { Ordinal = 0, Text = "x", StartOffset = 0, EndOffset = 1, Vector = [1, 2, 3] }],
    };

    private static DocumentEmbedded Valid(string id, long version) => new()
    {
        DocumentId = id,
        Version = version,
        Title = id,
        ContentType = "text/plain",
        Readers = [Index.ReaderTerms.User(SystemFixture.TesterName)],
        EmbeddingModelId = SentenceEncoderModels.Default.ModelId,
        OccurredAt = DateTimeOffset.UtcNow,
        Chunks = [new EmbeddedChunk { Ordinal = 0, Text = "old", StartOffset = 0, EndOffset = 3, Vector = VectorBytes.From(new float[384]) }],
    };
}
