namespace Ingestion.Gateway.Tests;

/// <summary>
/// One gateway for all the tests of a class whose requests are refused at the door: they write nothing (the checks
/// come before Redis, the index and the broker), so they may share it, and the class starts one gateway instead of one
/// per case. It starts on the first test's <see cref="LocalRedis"/> (an xunit 2 class fixture cannot be given the
/// collection's). Its limits are high enough that no test meets a rate limit.
/// </summary>
public sealed class SharedGatewayFixture : IDisposable
{
    private readonly Lock _lock = new();
    private GatewayHost? _gateway;
    private HttpClient? _client;

    public HttpClient ClientOn(LocalRedis redis)
    {
        lock (_lock)
        {
            _gateway ??= new GatewayHost(redis, new Dictionary<string, string?>
            {
                ["Gateway:RateLimit:PermitsPerWindow"] = "100000",
                ["Gateway:WriteRateLimit:PermitsPerWindow"] = "100000",
                ["Gateway:Ask:RateLimit:PermitsPerWindow"] = "100000",
            });
            return _client ??= _gateway.CreateClient();
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _gateway?.Dispose();
    }
}
