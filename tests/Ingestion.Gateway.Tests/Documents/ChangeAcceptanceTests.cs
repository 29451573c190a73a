using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.TestHost;

namespace Ingestion.Gateway.Tests.Documents;

/// <summary>
/// Versions at the door: a change older than the version the index holds is refused (409 naming
/// <c>currentVersion</c>) whatever Redis knows; a version claimed in Redis by another change is refused the same way,
/// while the same change under it again is a harmless retry. With no broker here, a change that gets past both
/// checks is answered 503 by the publish, after its claim was recorded.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class ChangeAcceptanceTests(LocalRedis redis)
{
    [Fact]
    public async Task APutOrDeleteOlderThanTheIndexedVersionIsAConflictNamingTheIndexedVersion()
    {
        var id = $"older-{Guid.NewGuid():N}";
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document(id, 7, "Kittiwakes nest on ledges."));
        using var client = gateway.CreateClient();

        using var put = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Older kittiwakes.", version = 6 });
        using var delete = await client.DeleteAsync($"/api/documents/{id}?version=3");

        foreach (var refused in new[] { put, delete })
        {
            var problem = await Problems.OfAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal(7, problem.GetProperty("currentVersion").GetInt64());
            Assert.Contains("older than its current version 7", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A newer version passes both checks (Redis has no claim of this document) and meets the missing broker.
        using var newer = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Newer kittiwakes.", version = 8 });
        await Problems.OfAsync(newer, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task AQueuedChangesStatusCarriesItsTraceSoAChangeNothingHasTakenYetCanBeFollowed()
    {
        // MassTransit's in-memory harness takes the broker's place here: the change is accepted and nothing consumes it.
        var id = $"queued-{Guid.NewGuid():N}";
        using var gateway = new GatewayHost(redis);
        using var harnessed = gateway.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddMassTransitTestHarness()));
        using var client = harnessed.CreateClient();

        using var put = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Tides follow the moon." });
        Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        var traceId = (await put.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("traceId").GetString();
        var status = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/documents/{id}");

        Assert.False(string.IsNullOrEmpty(traceId));
        Assert.Equal(("queued", traceId), (status.GetProperty("state").GetString(), status.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task AVersionOlderThanOneIndexedWhileTheGatewayRunsIsAConflictThoughRedisWouldLetItClaim()
    {
        // A change claimed 5 in Redis (its publish failed); then the indexer commits 7 (a change through another
        // gateway, or claims Redis lost). 6 is newer than the claim, so only the index's version can refuse it.
        var id = $"indexed-later-{Guid.NewGuid():N}";
        using var gateway = new GatewayHost(redis);
        using var client = gateway.CreateClient();
        using var claimed = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Fulmars.", version = 5 });
        await Problems.OfAsync(claimed, HttpStatusCode.ServiceUnavailable);

        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document(id, 7, "Fulmars glide."));
        await IndexFiller.WaitUntilReadAsync(client, id, 7);

        using var older = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Fulmars again.", version = 6 });
        var problem = await Problems.OfAsync(older, HttpStatusCode.Conflict);
        Assert.Equal(7, problem.GetProperty("currentVersion").GetInt64());
    }

    [Fact]
    public async Task WhereRedisHasNoClaimTheIndexStillRefusesAnotherChangeAtItsVersionAndLetsTheSameChangeAgain()
    {
        // Redis lost the claims (FLUSHALL, say): only the change hash the index keeps with the version can tell.
        var id = $"lost-claim-{Guid.NewGuid():N}";
        const string Content = "Razorbills nest in crevices.";
        var indexed = new Gateway.Model.PutDocumentRequest(null, "text/plain", Content, null, 5);
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document(id, 5, Content) with { Hash = Gateway.Model.ChangeHash.Of(indexed, [Index.ReaderTerms.Public], sender: null) });
        using var client = gateway.CreateClient();

        using var otherContent = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Other news under the same version.", version = 5 });
        using var delete = await client.DeleteAsync($"/api/documents/{id}?version=5");
        using var sameAgain = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = Content, version = 5 });

        foreach (var refused in new[] { otherContent, delete })
        {
            var problem = await Problems.OfAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal(5, problem.GetProperty("currentVersion").GetInt64());
            Assert.Contains("already given to another change", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The same change again passes the door (and meets the missing broker): a retry after Redis's loss is harmless.
        await Problems.OfAsync(sameAgain, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task AVersionClaimedByAnotherChangeIsAConflictAndTheSameChangeAgainIsNot()
    {
        var id = $"claimed-{Guid.NewGuid():N}";
        var first = new { contentType = "text/plain", content = "Guillemots crowd the cliffs.", version = 5 };
        using var gateway = new GatewayHost(redis);
        using var client = gateway.CreateClient();

        // The claim is recorded before the publish, so it holds although this change got no further than the broker.
        using var claimed = await client.PutAsJsonAsync($"/api/documents/{id}", first);
        await Problems.OfAsync(claimed, HttpStatusCode.ServiceUnavailable);

        using var otherContent = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Other news under the same version.", version = 5 });
        using var otherTitle = await client.PutAsJsonAsync($"/api/documents/{id}", new { title = "Guillemots", first.contentType, first.content, first.version });
        using var deleteSame = await client.DeleteAsync($"/api/documents/{id}?version=5");
        using var older = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Older news.", version = 4 });
        foreach (var (refused, says) in new[] { (otherContent, "already given to another change"), (otherTitle, "already given to another change"), (deleteSame, "already given to another change"), (older, "older than its current version 5") })
        {
            var problem = await Problems.OfAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal(5, problem.GetProperty("currentVersion").GetInt64());
            Assert.Contains(says, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The same change again is a client's retry: past the door, to the (missing) broker.
        using var retry = await client.PutAsJsonAsync($"/api/documents/{id}", first);
        await Problems.OfAsync(retry, HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task ADeleteRepeatedUnderItsVersionIsNotAConflictAndAPutUnderItIs()
    {
        var id = $"deleted-{Guid.NewGuid():N}";
        using var gateway = new GatewayHost(redis);
        using var client = gateway.CreateClient();

        using var delete = await client.DeleteAsync($"/api/documents/{id}?version=9");
        using var again = await client.DeleteAsync($"/api/documents/{id}?version=9");
        using var put = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Back again.", version = 9 });

        await Problems.OfAsync(delete, HttpStatusCode.ServiceUnavailable);
        await Problems.OfAsync(again, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(9, (await Problems.OfAsync(put, HttpStatusCode.Conflict)).GetProperty("currentVersion").GetInt64());
    }

    [Fact]
    public async Task AChangeWithoutAVersionIsGivenOneNewerThanTheIndexedVersion()
    {
        // Versions beyond the gateway's clock in milliseconds (a client's own ticks) are still exceeded.
        var ticks = DateTime.UtcNow.Ticks;
        var id = $"assigned-{Guid.NewGuid():N}";
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document(id, ticks, "Shearwaters glide low."));
        using var client = gateway.CreateClient();

        using var unversioned = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Shearwaters return at night." });
        await Problems.OfAsync(unversioned, HttpStatusCode.ServiceUnavailable);

        // The 503 does not say the version the change was given; its claim does: the version just above the index's.
        using var atTheIndexedVersionPlusOne = await client.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = "Other shearwaters.", version = ticks + 1 });
        var problem = await Problems.OfAsync(atTheIndexedVersionPlusOne, HttpStatusCode.Conflict);
        Assert.Equal(ticks + 1, problem.GetProperty("currentVersion").GetInt64());
    }
}
