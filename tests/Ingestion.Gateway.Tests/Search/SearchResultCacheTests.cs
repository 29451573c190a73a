using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Search;

/// <summary>
/// The result cache in Redis: the same request on the same index state is answered from it (<c>cached: true</c>);
/// another request, a new commit, or a lifetime of zero is not.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class SearchResultCacheTests(LocalRedis redis)
{
    [Fact]
    public async Task TheSameSearchIsAnsweredFromTheCacheUntilACommitChangesTheIndex()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"{unique}-1", 1, $"Barometers {unique} predict the weather."));
        using var client = gateway.CreateClient();
        var url = $"/api/search?q=barometers+{unique}&mode=bm25";

        var first = await SearchAsync(client, url);
        var again = await SearchAsync(client, url);
        var sameQuestion = await SearchAsync(client, $"/api/search?q=%20barometers%20%20{unique}&mode=bm25"); // whitespace aside, the same

        Assert.False(first.GetProperty("cached").GetBoolean(), "the first search is searched");
        Assert.True(again.GetProperty("cached").GetBoolean(), "the repeated search comes from the cache");
        Assert.True(sameQuestion.GetProperty("cached").GetBoolean(), "a query differing only in whitespace is the same question");
        Assert.Equal([$"{unique}-1"], Ids(first));
        Assert.Equal(Ids(first), Ids(again));

        // A new commit: once the gateway's reader sees it, the old answer is never served again.
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"{unique}-2", 1, $"Barometers {unique} measure air pressure."));
        await IndexFiller.WaitUntilReadAsync(client, $"{unique}-2", 1);

        var after = await SearchAsync(client, url);
        Assert.False(after.GetProperty("cached").GetBoolean(), "a commit makes the old answer unreachable");
        Assert.Equal([$"{unique}-1", $"{unique}-2"], Ids(after).Order(StringComparer.Ordinal));
        Assert.True((await SearchAsync(client, url)).GetProperty("cached").GetBoolean(), "the answer of the new index state is cached in turn");
    }

    [Theory]
    [InlineData("&k=3")]
    [InlineData("&highlight=false")]
    [InlineData("&tags=weather")]
    [InlineData("&fusion=rrf")]
    public async Task ARequestThatDiffersInWhatShapesTheAnswerIsNotAnsweredFromTheCache(string difference)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"{unique}-1", 1, $"Anemometers {unique} count the wind."));
        using var client = gateway.CreateClient();
        var url = $"/api/search?q=anemometers+{unique}&mode=bm25";
        Assert.False((await SearchAsync(client, url)).GetProperty("cached").GetBoolean());
        Assert.True((await SearchAsync(client, url)).GetProperty("cached").GetBoolean());

        Assert.False((await SearchAsync(client, url + difference)).GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task WithALifetimeOfZeroNothingIsAnsweredFromTheCache()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["Gateway:ResultCacheLifetime"] = "00:00:00" });
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"{unique}-1", 1, $"Hygrometers {unique} measure damp."));
        using var client = gateway.CreateClient();
        var url = $"/api/search?q=hygrometers+{unique}&mode=bm25";

        var first = await SearchAsync(client, url);
        var again = await SearchAsync(client, url);

        Assert.Equal([$"{unique}-1"], Ids(again));
        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.False(again.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task AClientKeepsAtMostItsBytesOfAnswersInTheCacheAndAnotherClientStillGetsItsOwnCached()
    {
        // Each distinct search caches its answer for the cache's lifetime: without a budget, one client's stream of
        // distinct searches filled Redis, evicting every client's cursors and the embedding cache.
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var sizing = new GatewayHost(redis);
        await IndexFiller.WriteAsync(sizing.DataPath, [.. Enumerable.Range(0, 5).Select(i => IndexFiller.Document($"{unique}-{i}", 1, $"Thermometers {unique} word{i} read the heat."))]);
        var size = (await PeerSearchAsync(sizing, Peer(), $"thermometers+{unique}+word0")).Bytes;
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?>
        {
            ["Gateway:ResultCacheBytesPerClient"] = ((2 * size) + (size / 2)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await IndexFiller.WriteAsync(gateway.DataPath, [.. Enumerable.Range(0, 5).Select(i => IndexFiller.Document($"{unique}-{i}", 1, $"Thermometers {unique} word{i} read the heat."))]);
        var greedy = Peer();

        foreach (var i in Enumerable.Range(0, 5))
        {
            Assert.False((await PeerSearchAsync(gateway, greedy, $"thermometers+{unique}+word{i}")).Answer.GetProperty("cached").GetBoolean());
        }

        var cachedAgain = 0;
        foreach (var i in Enumerable.Range(0, 5))
        {
            cachedAgain += (await PeerSearchAsync(gateway, greedy, $"thermometers+{unique}+word{i}")).Answer.GetProperty("cached").GetBoolean() ? 1 : 0;
        }

        Assert.Equal(2, cachedAgain);
        var other = Peer();
        await PeerSearchAsync(gateway, other, $"thermometers+{unique}+word4+other");
        Assert.True((await PeerSearchAsync(gateway, other, $"thermometers+{unique}+word4+other")).Answer.GetProperty("cached").GetBoolean());
    }

    private static IPAddress Peer() => new([198, 18, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>A bm25 search as <paramref name="peer"/>, and the size of its answer's JSON.</summary>
    private static async Task<(JsonElement Answer, int Bytes)> PeerSearchAsync(GatewayHost gateway, IPAddress peer, string query)
    {
        var context = await gateway.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = peer;
            http.Request.Method = Microsoft.AspNetCore.Http.HttpMethods.Get;
            http.Request.Path = "/api/search";
            http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString($"?q={query}&mode=bm25");
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Equal(200, context.Response.StatusCode);
        return (JsonDocument.Parse(body).RootElement, System.Text.Encoding.UTF8.GetByteCount(body));
    }

    private static async Task<JsonElement> SearchAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> Ids(JsonElement response) => [.. response.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("documentId").GetString()!)];
}
