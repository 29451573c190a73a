using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Contracts;

namespace Ingestion.IntegrationTests;

/// <summary>What a client is told when its change cannot happen: an old or clashing version, or a broker that does not take it.</summary>
[Collection(RunningSystem.Name)]
public sealed class VersionConflictTests(SystemFixture system)
{
    [Fact]
    public async Task AnOlderOrClashingVersionIsAConflictNamingTheCurrentVersionAndARepeatIsAccepted()
    {
        var id = $"conflict-{Guid.NewGuid():N}";
        var first = new { contentType = "text/plain", content = "Kestrels hover before they dive.", version = 10 };

        Assert.Equal(HttpStatusCode.Accepted, (await PutAsync(id, first)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PutAsync(id, first)).StatusCode); // the same change again: a retry

        foreach (var clash in new object[]
        {
            new { contentType = "text/plain", content = "Older news.", version = 5 },
            new { contentType = "text/plain", content = "Other news under the same version.", version = 10 },
        })
        {
            using var refused = await PutAsync(id, clash);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(10, problem.GetProperty("currentVersion").GetInt64());
        }

        using var deleteSame = await system.Gateway.DeleteAsync($"/api/documents/{id}?version=10");
        Assert.Equal(HttpStatusCode.Conflict, deleteSame.StatusCode);
        using var deleteNewer = await system.Gateway.DeleteAsync($"/api/documents/{id}?version=11");
        Assert.Equal(HttpStatusCode.Accepted, deleteNewer.StatusCode);
        await system.WaitForStateAsync(id, "deleted", 11);
    }

    [Fact]
    public async Task AChangeTheBrokerDoesNotTakeIsRefusedWith503AndLeavesNoQueuedStatus()
    {
        var id = $"unpublished-{Guid.NewGuid():N}";
        await system.Running.ExecuteAsync(ResourceNames.Messaging, "stop");
        try
        {
            using var refused = await PutAsync(id, new { contentType = "text/plain", content = "Nobody will hear this." });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("broker", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Null(await system.StatusAsync(id));
        }
        finally
        {
            await system.Running.ExecuteAsync(ResourceNames.Messaging, "start");
            await system.Running.WaitHealthyAsync(ResourceNames.Messaging);
        }

        // Once the broker is back, the same change goes through.
        Assert.Equal(HttpStatusCode.Accepted, (await Eventually.ValueAsync(
            async () => (await PutAsync(id, new { contentType = "text/plain", content = "Nobody will hear this." })).StatusCode is var code && code == HttpStatusCode.Accepted ? code : (HttpStatusCode?)null,
            "the gateway to publish again")));
        await system.WaitForStateAsync(id, "indexed", 1);
    }

    private Task<HttpResponseMessage> PutAsync(string id, object body) => system.Gateway.PutAsJsonAsync($"/api/documents/{id}", body);
}
