using System.Net;
using System.Net.Http.Json;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// A single-user gateway (no identities) lets changes through the door; a request for another host name (a web page
/// reaching the gateway through DNS rebinding) is refused; document changes are rate limited per client, where a
/// client behind a known proxy is the address it forwards and an IPv6 client is its /64.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class SingleUserDoorTests(LocalRedis redis)
{
    private static readonly object Document = new { contentType = "text/plain", content = "Guillemots." };

    [Fact]
    public async Task WithoutAnApiKeyOnLoopbackChangesPassTheDoor()
    {
        using var gateway = new GatewayHost(redis);
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PutAsJsonAsync("/api/documents/a", Document)).StatusCode);
    }

    [Fact]
    public async Task ARequestForAnotherHostNameIsRefused()
    {
        using var gateway = new GatewayHost(redis);
        using var client = gateway.CreateClient();
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=guillemots&mode=bm25");
        rebound.Headers.Host = "attacker.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebound)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/search?q=guillemots&mode=bm25")).StatusCode);
    }

    [Fact]
    public async Task ChangesOverTheWriteLimitGet429PerClientBehindAKnownProxyAndPerIpv6Network()
    {
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?>
        {
            ["Gateway:WriteRateLimit:PermitsPerWindow"] = "2",
            ["Gateway:WriteRateLimit:Window"] = "00:10:00",
            ["Gateway:KnownProxies:0"] = "10.0.0.1",
        });
        _ = gateway.Server;

        // Bodies without a content type: refused at once (400), and counted like any other change.
        async Task<HttpStatusCode> ChangeFrom(string address, string? forwardedFor = null)
        {
            var context = await gateway.Server.SendAsync(http =>
            {
                http.Request.Method = "PUT";
                http.Request.Path = "/api/documents/limited";
                http.Request.Headers.ContentType = "application/json";
                http.Request.Body = new MemoryStream("{\"content\":\"x\"}"u8.ToArray());
                http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                if (forwardedFor is not null)
                {
                    http.Request.Headers["X-Forwarded-For"] = forwardedFor;
                }
            });
            return (HttpStatusCode)context.Response.StatusCode;
        }

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], [await ChangeFrom("10.0.0.1", "203.0.113.5"), await ChangeFrom("10.0.0.1", "203.0.113.5"), await ChangeFrom("10.0.0.1", "203.0.113.5")]);
        Assert.Equal(HttpStatusCode.BadRequest, await ChangeFrom("10.0.0.1", "203.0.113.6"));

        // Not a known proxy: its X-Forwarded-For is ignored, so it is one client whatever it claims.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], [await ChangeFrom("10.0.0.2", "198.51.100.1"), await ChangeFrom("10.0.0.2", "198.51.100.2"), await ChangeFrom("10.0.0.2", "198.51.100.3")]);

        // Two addresses of one IPv6 /64 are one client; another /64 is another.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], [await ChangeFrom("2001:db8:1:2::1"), await ChangeFrom("2001:db8:1:2::ff"), await ChangeFrom("2001:db8:1:2:abcd::1")]);
        Assert.Equal(HttpStatusCode.BadRequest, await ChangeFrom("2001:db8:1:3::1"));
    }
}
