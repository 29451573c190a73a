using Ingestion.Core.Status;

namespace Ingestion.Core.Tests.Status;

/// <summary>The status store's scripts against a real Redis, over the whole range of versions clients may give.</summary>
public sealed class RedisDocumentStatusStoreTests(LocalRedis redis) : IClassFixture<LocalRedis>
{
    /// <summary>Clock ticks, as a client might use for versions: far above 2^53, where doubles stop being exact.</summary>
    private static readonly long Ticks = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc).Ticks + 1;

    [Fact]
    public async Task AVersionAssignedAfterAClientsVersionBeyondTwoToTheFiftyThirdIsNewer()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var id = Guid.NewGuid().ToString("N");

        await store.ClaimVersionAsync(id, Ticks, "a", null, default);
        var next = await store.ClaimVersionAsync(id, null, "b", null, default);
        var after = await store.ClaimVersionAsync(id, null, "c", null, default);

        Assert.Equal(new VersionClaim(VersionClaimOutcome.Claimed, Ticks + 1), next);
        Assert.Equal(new VersionClaim(VersionClaimOutcome.Claimed, Ticks + 2), after);
    }

    [Fact]
    public async Task AVersionAssignedWhereRedisKnowsNoClaimIsNewerThanTheIndexsEvenBeyondTheClock()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var (beyond, behind) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));

        // As after Redis lost its data: no claim, and the index holds a client's version (ticks, far beyond the clock's ms).
        var next = await store.ClaimVersionAsync(beyond, null, "b", Ticks, default);
        var clockWins = await store.ClaimVersionAsync(behind, null, "b", 7, default);

        Assert.Equal(new VersionClaim(VersionClaimOutcome.Claimed, Ticks + 1), next);
        Assert.True(clockWins.Version > DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), "an index version behind the clock leaves the clock's");
    }

    [Fact]
    public async Task AVersionsReadersAreKeptThroughItsLaterStatesAndReplacedByANewerVersions()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var (id, raced) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));

        await store.RecordAsync(id, 1, DocumentState.Queued, new StatusDetails(Readers: ["group:finance"]), default);
        await store.RecordAsync(id, 1, DocumentState.Indexed, new StatusDetails(ChunkCount: 2), default);
        Assert.Equal(["group:finance"], (await store.GetAsync(id, default))!.Readers);

        await store.RecordAsync(id, 2, DocumentState.Processing, StatusDetails.None, default);
        Assert.Null((await store.GetAsync(id, default))!.Readers);

        // A worker faster than the gateway's "queued": the version still gets its readers.
        await store.RecordAsync(raced, 1, DocumentState.Processing, StatusDetails.None, default);
        await store.RecordAsync(raced, 1, DocumentState.Queued, new StatusDetails(Readers: ["user:ann"]), default);
        Assert.Equal(["user:ann"], (await store.GetManyAsync([raced], default))[0]!.Readers);
    }

    [Fact]
    public async Task ManyStatusesReadAtOnceAreEachDocumentsInTheOrderAsked()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var (indexed, failed, ignored, missing) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        await store.RecordAsync(indexed, 4, DocumentState.Indexed, new StatusDetails(ChunkCount: 3, TraceId: "trace"), default);
        await store.RecordAsync(failed, 2, DocumentState.Failed, new StatusDetails(Error: "no text", FailedStep: "extract", Attempts: 1), default);
        await store.RecordAsync(ignored, 9, DocumentState.Deleted, new StatusDetails(), default);
        await store.RecordIgnoredAsync(ignored, 8, default);
        string[] ids = [failed, missing, indexed, ignored];

        var many = await store.GetManyAsync(ids, default);

        Assert.Equal(4, many.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(await store.GetAsync(ids[i], default), many[i]);
        }

        Assert.Null(many[1]);
        Assert.Equal((DocumentState.Failed, "no text"), (many[0]!.State, many[0]!.Error));
        Assert.Equal(8, many[3]!.LastIgnoredVersion);
        Assert.Empty(await store.GetManyAsync([], default));
    }

    [Fact]
    public async Task AssignedVersionsStayExactAtTheLargestVersionAClientMayGive()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var id = Guid.NewGuid().ToString("N");

        await store.ClaimVersionAsync(id, DocumentVersions.Max, "a", null, default);

        Assert.Equal(DocumentVersions.Max + 1, (await store.ClaimVersionAsync(id, null, "b", null, default)).Version);
    }

    [Fact]
    public async Task StatusesOfVersionsThatDifferOnlyBeyondTwoToTheFiftyThirdKeepTheirOrder()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var id = Guid.NewGuid().ToString("N");

        await store.RecordAsync(id, Ticks + 1, DocumentState.Indexed, StatusDetails.None, default);
        await store.RecordAsync(id, Ticks, DocumentState.Queued, StatusDetails.None, default);
        Assert.Equal((DocumentState.Indexed, Ticks + 1), Of(await store.GetAsync(id, default)));

        await store.RecordAsync(id, Ticks + 2, DocumentState.Queued, StatusDetails.None, default);
        Assert.Equal((DocumentState.Queued, Ticks + 2), Of(await store.GetAsync(id, default)));
    }

    [Fact]
    public async Task AClaimOnAnOlderVersionOrOnTheSameVersionWithAnotherChangeConflictsAndARepeatDoesNot()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var id = Guid.NewGuid().ToString("N");

        Assert.Equal(VersionClaimOutcome.Claimed, (await store.ClaimVersionAsync(id, Ticks, "a", null, default)).Outcome);

        Assert.Equal(new VersionClaim(VersionClaimOutcome.Repeated, Ticks), await store.ClaimVersionAsync(id, Ticks, "a", null, default));
        Assert.Equal(new VersionClaim(VersionClaimOutcome.Conflict, Ticks), await store.ClaimVersionAsync(id, Ticks, "b", null, default));
        Assert.Equal(new VersionClaim(VersionClaimOutcome.Conflict, Ticks), await store.ClaimVersionAsync(id, Ticks - 1, "a", null, default));
    }

    private static (DocumentState, long) Of(DocumentStatus? status) => (status!.State, status.Version);

    [Fact]
    public async Task ADeleteIsForgottenWithItsClaimAfterItsRetentionAndANewerChangeIsNot()
    {
        var store = new RedisDocumentStatusStore(redis.Connection, TimeProvider.System);
        var database = redis.Connection.GetDatabase();
        var never = $"never-seen-{Guid.NewGuid():N}";
        var back = $"back-{Guid.NewGuid():N}";

        // A DELETE of an id nothing ever wrote: claimed, queued, then deleted by the indexer.
        await store.ClaimVersionAsync(never, 3, "delete", null, default);
        await store.RecordAsync(never, 3, DocumentState.Queued, new StatusDetails(), default);
        await store.RecordAsync(never, 3, DocumentState.Deleted, new StatusDetails(0, ForgetAfter: TimeSpan.FromMinutes(10)), default);
        // A delete, then a newer change claimed before the delete's status was recorded: the claim is the newer change's.
        await store.ClaimVersionAsync(back, 3, "delete", null, default);
        await store.ClaimVersionAsync(back, 4, "content", null, default);
        await store.RecordAsync(back, 3, DocumentState.Deleted, new StatusDetails(0, ForgetAfter: TimeSpan.FromMinutes(10)), default);

        Assert.InRange(await database.KeyTimeToLiveAsync(RedisDocumentStatusStore.StatusKey(never)) ?? TimeSpan.Zero, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.InRange(await database.KeyTimeToLiveAsync("ingestion:version:" + never) ?? TimeSpan.Zero, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Null(await database.KeyTimeToLiveAsync("ingestion:version:" + back));

        // A newer change after the delete writes both keys anew, to be kept.
        await store.ClaimVersionAsync(never, 5, "content", null, default);
        await store.RecordAsync(never, 5, DocumentState.Queued, new StatusDetails(), default);
        Assert.Null(await database.KeyTimeToLiveAsync(RedisDocumentStatusStore.StatusKey(never)));
        Assert.Null(await database.KeyTimeToLiveAsync("ingestion:version:" + never));
    }
}
