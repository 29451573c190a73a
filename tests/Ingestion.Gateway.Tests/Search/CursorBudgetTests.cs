using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using Ingestion.Gateway.Search;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace Ingestion.Gateway.Tests.Search;

/// <summary>
/// What grouped searches keep in Redis for their cursors is bounded: one ranking in bytes, and the rankings of one
/// client and of all clients per cursor lifetime. A hundred grouped searches added 22.8 MB to Redis, so at the
/// search rate Redis's memory filled in seconds, evicting the embedding cache and other clients' cursors (#23).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class CursorBudgetTests(LocalRedis redis)
{
    private const int Documents = 30;
    private static int _nextPeer;

    [Fact]
    public async Task ARankingLargerThanMaxCursorBytesKeepsItsBestDocumentsThatFit()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["Gateway:MaxCursorBytes"] = "4096" });
        await FillAsync(gateway, unique);

        var (status, page) = await GroupedAsync(gateway, FreshPeer(), unique);

        Assert.Equal(HttpStatusCode.OK, status);
        var key = KeyOf(page!.Value);
        Assert.InRange(await redis.Connection.GetDatabase().StringLengthAsync(key), 1, 4096);
        var seen = page.Value.GetProperty("documents").GetArrayLength();
        for (var cursor = Cursor(page.Value); cursor is not null;)
        {
            using var client = gateway.CreateClient();
            var next = JsonDocument.Parse(await client.GetStringAsync($"/api/search?cursor={Uri.EscapeDataString(cursor)}&k=2")).RootElement;
            seen += next.GetProperty("documents").GetArrayLength();
            cursor = Cursor(next);
        }

        Assert.InRange(seen, 3, Documents - 1);
    }

    [Fact]
    public async Task AClientOverItsBytesOfRankingsGets429UntilItsWindowEndsAndOtherClientsDoNot()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var size = await RankingSizeAsync(unique);
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["Gateway:CursorBytesPerClient"] = (2 * size + (size / 2)).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await FillAsync(gateway, unique);
        var greedy = FreshPeer();

        Assert.Equal(HttpStatusCode.OK, (await GroupedAsync(gateway, greedy, unique)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GroupedAsync(gateway, greedy, unique)).Status);
        var (refused, problem) = await GroupedAsync(gateway, greedy, unique);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Contains("Gateway:CursorBytesPerClient", problem!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GroupedAsync(gateway, FreshPeer(), unique)).Status);
        // A page that needs no cursor keeps nothing, so it is not refused.
        Assert.Equal(HttpStatusCode.OK, (await GroupedAsync(gateway, greedy, unique, k: Documents)).Status);
    }

    [Fact]
    public async Task AllClientsTogetherStayWithinTheTotalBytesOfRankings()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var size = await RankingSizeAsync(unique);
        await redis.Connection.GetDatabase().KeyDeleteAsync(GroupedResultStore.TotalKey);
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["Gateway:CursorBytesTotal"] = (2 * size + (size / 2)).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await FillAsync(gateway, unique);

        Assert.Equal(HttpStatusCode.OK, (await GroupedAsync(gateway, FreshPeer(), unique)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GroupedAsync(gateway, FreshPeer(), unique)).Status);
        var (refused, problem) = await GroupedAsync(gateway, FreshPeer(), unique);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Contains("Gateway:CursorBytesTotal", problem!.Value.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await redis.Connection.GetDatabase().KeyDeleteAsync(GroupedResultStore.TotalKey);
    }

    /// <summary>The bytes one grouped search of these documents keeps, measured on a gateway of default budgets.</summary>
    private async Task<long> RankingSizeAsync(string unique)
    {
        using var gateway = new GatewayHost(redis);
        await FillAsync(gateway, unique);
        var (_, page) = await GroupedAsync(gateway, FreshPeer(), unique);
        return await redis.Connection.GetDatabase().StringLengthAsync(KeyOf(page!.Value));
    }

    private static Task FillAsync(GatewayHost gateway, string unique) =>
        IndexFiller.WriteAsync(gateway.DataPath, [.. Enumerable.Range(0, Documents).Select(i => IndexFiller.Document($"petrel-{unique}-{i}", 1, $"Storm petrels {unique} patter over the waves, number {i}."))]);

    private static async Task<(HttpStatusCode Status, JsonElement? Body)> GroupedAsync(GatewayHost gateway, IPAddress peer, string unique, int k = 2)
    {
        var context = await gateway.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = peer;
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/api/search";
            http.Request.QueryString = new QueryString($"?q=petrels+{unique}&mode=bm25&group=document&perDocument=1&k={k}");
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return ((HttpStatusCode)context.Response.StatusCode, body.Length == 0 ? null : JsonDocument.Parse(body).RootElement);
    }

    private static string? Cursor(JsonElement page) =>
        page.TryGetProperty("nextCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;

    /// <summary>The Redis key of the ranking a first page's cursor names.</summary>
    private static RedisKey KeyOf(JsonElement page) =>
        "search:grouped:" + Encoding.UTF8.GetString(Base64Url.DecodeFromChars(Cursor(page))).Split(':')[0];

    private static IPAddress FreshPeer() => new([198, 19, 0, (byte)Interlocked.Increment(ref _nextPeer)]);
}
