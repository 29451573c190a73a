using System.Net;
using CsCheck;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Gateway.Tests.Security;

/// <summary>
/// <c>ClientIdHeader</c> names the client of a rate limit only when one of <c>Gateway:KnownProxies</c> sent it:
/// anyone else who could name themselves would take a fresh budget with every request (#23).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class ClientIdHeaderTests(LocalRedis redis)
{
    private const string Header = "X-Client-Id";
    private const string Proxy = "10.0.0.1";
    private static int _nextPeer;

    [Fact]
    public async Task AClientThatNamesItselfAnewOnEveryRequestIsStillLimitedByItsAddress()
    {
        using var gateway = LimitedToOneSearch();

        await Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 40], Gen.String[Gen.Char.AlphaNumeric, 1, 40], Gen.Bool)
            .Where((first, second, _) => first != second)
            .SampleAsync(async (first, second, v6) =>
            {
                var peer = FreshPeer(v6);
                var one = await Search(gateway, peer, first);
                var two = await Search(gateway, peer, second);
                Assert.True(one == HttpStatusCode.OK && two == HttpStatusCode.TooManyRequests, $"{peer}: {one} then {two}");
            }, iter: 50);
    }

    [Fact]
    public async Task AKnownProxysClientsAreCountedByTheNamesItGives()
    {
        using var gateway = LimitedToOneSearch();
        var proxy = IPAddress.Parse(Proxy);

        Assert.Equal(HttpStatusCode.OK, await Search(gateway, proxy, "alice"));
        Assert.Equal(HttpStatusCode.OK, await Search(gateway, proxy, "bob"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Search(gateway, proxy, "alice"));
    }

    private GatewayHost LimitedToOneSearch()
    {
        var gateway = new GatewayHost(redis, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitsPerWindow"] = "1",
            ["Gateway:RateLimit:Window"] = "00:10:00",
            ["Gateway:RateLimit:ClientIdHeader"] = Header,
            ["Gateway:KnownProxies:0"] = Proxy,
        });

        // Started here, once: samples run on several threads, and the factory's first use from two of them at once
        // would start two gateways, each with rate limits of its own.
        _ = gateway.Server;
        return gateway;
    }

    /// <summary>An address no other request of this test process came from, so each sample starts with a full budget.</summary>
    private static IPAddress FreshPeer(bool v6)
    {
        var n = Interlocked.Increment(ref _nextPeer);
        return v6
            ? IPAddress.Parse($"2001:db8:{n:x}::7")
            : new IPAddress([198, 18, (byte)(n >> 8), (byte)n]);
    }

    private static async Task<HttpStatusCode> Search(GatewayHost gateway, IPAddress peer, string clientName)
    {
        var context = await gateway.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = peer;
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/api/search";
            http.Request.QueryString = new QueryString("?q=gannets&mode=bm25");
            http.Request.Headers[Header] = clientName;
        });
        return (HttpStatusCode)context.Response.StatusCode;
    }
}
