using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests;

/// <summary>
/// Searches are answered while Redis is down, as README promises: the caches count as misses, and a grouped search
/// answers its first page without a cursor, since there is nowhere to keep the ranking for later pages.
/// </summary>
public sealed class RedisDownTests
{
    [Fact]
    public async Task RankedAndGroupedSearchesAreAnsweredWithoutRedis()
    {
        using var gateway = new GatewayHost("127.0.0.1:1,abortConnect=false,connectTimeout=300,syncTimeout=300");
        await IndexFiller.WriteAsync(gateway.DataPath, [.. Enumerable.Range(0, 5).Select(i => IndexFiller.Document($"doc{i}", 1, $"Storm petrels number {i} patter over the waves."))]);
        using var client = gateway.CreateClient();

        using var ranked = await client.GetAsync("/api/search?q=storm+petrels&mode=bm25&k=3");
        Assert.Equal(HttpStatusCode.OK, ranked.StatusCode);
        Assert.Equal(3, (await ranked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").GetArrayLength());

        using var grouped = await client.GetAsync("/api/search?q=storm+petrels&mode=bm25&k=2&group=document&perDocument=1");
        Assert.Equal(HttpStatusCode.OK, grouped.StatusCode);
        var page = await grouped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, page.GetProperty("documents").GetArrayLength());
        Assert.True(!page.TryGetProperty("nextCursor", out var cursor) || cursor.ValueKind == JsonValueKind.Null, "no cursor without Redis");
    }
}
