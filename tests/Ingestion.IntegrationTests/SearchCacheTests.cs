using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>The result cache in Redis: reused for the same request on the same index state, never across a commit.</summary>
[Collection(RunningSystem.Name)]
public sealed class SearchCacheTests(SystemFixture system)
{
    [Fact]
    public async Task TheSameSearchIsAnsweredFromTheCacheUntilACommitChangesTheIndex()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var first = await system.PutAsync($"cache-{unique}-1", new { contentType = "text/plain", content = $"Barometers {unique} predict the weather." });
        await WaitSearchableAsync($"cache-{unique}-1", first);

        var url = $"/api/search?q={Uri.EscapeDataString($"barometers {unique}")}&mode=bm25";
        var generation = await SearchAsync(url);
        var again = await SearchAsync(url.Replace("barometers%20", "barometers%20%20", StringComparison.Ordinal)); // extra space: same question

        if (!again.GetProperty("cached").GetBoolean())
        {
            // A commit of another test's document landed between the two searches; the cache must then miss. Try once more.
            generation = await SearchAsync(url);
            again = await SearchAsync(url);
        }

        Assert.True(again.GetProperty("cached").GetBoolean(), "the repeated search comes from the cache");
        Assert.Equal(Ids(generation), Ids(again));

        var second = await system.PutAsync($"cache-{unique}-2", new { contentType = "text/plain", content = $"Barometers {unique} measure air pressure." });
        await WaitSearchableAsync($"cache-{unique}-2", second);

        var after = await SearchAsync(url);
        Assert.False(after.GetProperty("cached").GetBoolean(), "a commit makes the old answer unreachable");
        Assert.Contains($"cache-{unique}-2", Ids(after));
    }

    [Fact]
    public async Task AQueryAskedAgainWithOtherSettingsReusesItsVectorFromTheEmbeddingCache()
    {
        var query = Uri.EscapeDataString($"sextant horizon {Guid.NewGuid():N}");
        Assert.False((await SearchAsync($"/api/search?q={query}&mode=dense&k=3")).GetProperty("cached").GetBoolean());
        Assert.False((await SearchAsync($"/api/search?q={query}&mode=dense&k=4")).GetProperty("cached").GetBoolean()); // another answer, the same vector

        // The gateway exports its counters every second; the dashboard shows the vector came from the embedding cache.
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await system.DashboardApi.GetAsync("/api/telemetry/metrics/gateway/ingestion.embedding.cache.hits");
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                var chart = await response.Content.ReadFromJsonAsync<JsonElement>();
                return chart.GetProperty("series").EnumerateArray().Any(series =>
                    series.GetProperty("points").EnumerateArray().Any(p => p.GetProperty("value").GetDouble() >= 1));
            },
            "a query-embedding cache hit in the gateway's metrics");
    }

    private async Task<JsonElement> SearchAsync(string url) => await system.Gateway.GetFromJsonAsync<JsonElement>(url);

    private static List<string> Ids(JsonElement response) => [.. response.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("documentId").GetString()!)];

    private Task WaitSearchableAsync(string id, JsonElement accepted) =>
        Eventually.TrueAsync(
            async () => await system.StatusAsync(id) is { } status
                && status.GetProperty("version").GetInt64() == accepted.GetProperty("version").GetInt64()
                && status.TryGetProperty("searchable", out var searchable) && searchable.ValueKind == JsonValueKind.True,
            $"{id} to be searchable");
}
