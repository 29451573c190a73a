using System.Net;
using Ingestion.Gateway.Identity;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>A gateway that listens beyond loopback does not start without identities (keys or tokens); on loopback, or with a key, it does.</summary>
[Collection(SharedRedis.Name)]
public sealed class ExposureTests(LocalRedis redis)
{
    [Fact]
    public void AGatewayListeningOnEveryAddressWithoutAnApiKeyStopsAtStartNamingTheSetting()
    {
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["urls"] = $"http://0.0.0.0:{FreePorts.One()}" });
        gateway.UseKestrel();

        var refused = Assert.Throws<InvalidOperationException>(gateway.StartServer);

        Assert.Contains("Gateway:Keys", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAnApiKeyAGatewayListeningOnEveryAddressStarts()
    {
        var port = FreePorts.One();
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["urls"] = $"http://0.0.0.0:{port}", ["Gateway:ApiKey"] = GatewayHost.ApiKey });
        gateway.UseKestrel();
        gateway.StartServer();

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayHost.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/search?q=terns&mode=bm25")).StatusCode);
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("https://192.168.1.20:443", false)]
    public void LoopbackAddressesAreToldFromExposedOnes(string address, bool loopback) => Assert.Equal(loopback, ExposureGuard.IsLoopback(address));
}
