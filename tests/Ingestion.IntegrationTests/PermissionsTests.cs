using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>
/// Document permissions through the running system (#24): a document written without readers is its writer's; a new
/// version that only changes who may read moves it, atomically, from one principal to another, in searches, statuses
/// and asks alike.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class PermissionsTests(SystemFixture system)
{
    [Fact]
    public async Task ChangingWhoMayReadIsANewVersionThatMovesTheDocumentFromOneReaderToAnother()
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var id = $"perm-{unique}";
        var content = $"Lighthouse keepers {unique} log every passing ship.";
        using var auditor = new HttpClient { BaseAddress = system.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        auditor.DefaultRequestHeaders.Add("X-Api-Key", SystemFixture.AuditorKey);

        // Without readers the document is its writer's (Gateway:DefaultReaders is unset).
        var first = (await system.PutAsync(id, new { contentType = "text/plain", content })).GetProperty("version").GetInt64();
        await system.WaitForStateAsync(id, "indexed", first);
        await Eventually.TrueAsync(async () => (await HitsAsync(system.Gateway, unique)).Count == 1, "the writer to find its document");
        Assert.Empty(await HitsAsync(auditor, unique));
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/api/documents/{id}")).StatusCode);

        // The same content for the audit group: a version of its own.
        var second = (await system.PutAsync(id, new { contentType = "text/plain", content, readers = new[] { $"group:{SystemFixture.AuditGroup}" } })).GetProperty("version").GetInt64();
        Assert.True(second > first);
        await Eventually.TrueAsync(
            async () => await HitsAsync(auditor, unique) is [var hit] && hit.GetProperty("version").GetInt64() == second,
            "the auditor to find the new version");

        Assert.Empty(await HitsAsync(system.Gateway, unique));
        Assert.Equal(HttpStatusCode.NotFound, (await system.Gateway.GetAsync($"/api/documents/{id}")).StatusCode);
        var status = await auditor.GetFromJsonAsync<JsonElement>($"/api/documents/{id}", SystemFixture.Json);
        Assert.Equal("indexed", status.GetProperty("state").GetString());
        Assert.False(status.TryGetProperty("readers", out _), "a status names no readers");

        using var ask = await system.Gateway.PostAsJsonAsync("/api/ask", new { question = $"Who logs ships {unique}?", answer = false });
        Assert.DoesNotContain(unique, string.Join(' ', (await ask.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("text").GetString())), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> HitsAsync(HttpClient client, string word) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/search?q={word}&mode=bm25", SystemFixture.Json)).GetProperty("hits").EnumerateArray()];
}
