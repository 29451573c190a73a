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

        // The second query's vector came from the embedding cache: the gateway's own metrics endpoint (Prometheus text)
        // counts the hit. (The Aspire dashboard charts metrics, but its API serves no metric values to assert on.)
        await Eventually.TrueAsync(
            async () => PrometheusValue(await system.Gateway.GetStringAsync("/metrics"), "ingestion_embedding_cache_hits_total") >= 1,
            "an embedding-cache hit in the gateway's metrics");
    }

    /// <summary>The sum of a metric's samples in Prometheus' text format (<c>name{labels} value [timestamp]</c>); 0 when it has none yet.</summary>
    private static double PrometheusValue(string exposition, string metric) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(metric, StringComparison.Ordinal) && line.Length > metric.Length && line[metric.Length] is ' ' or '{')
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1 is var after && after > 0 ? after : metric.Length)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));

    private async Task<JsonElement> SearchAsync(string url) => await system.Gateway.GetFromJsonAsync<JsonElement>(url);

    private static List<string> Ids(JsonElement response) => [.. response.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("documentId").GetString()!)];

    private Task WaitSearchableAsync(string id, JsonElement accepted) =>
        Eventually.TrueAsync(
            async () => await system.StatusAsync(id) is { } status
                && status.GetProperty("version").GetInt64() == accepted.GetProperty("version").GetInt64()
                && status.TryGetProperty("searchable", out var searchable) && searchable.ValueKind == JsonValueKind.True,
            $"{id} to be searchable");
}
