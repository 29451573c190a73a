using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>Search is rate limited per client; one client over its limit does not slow another.</summary>
[Collection(RunningSystem.Name)]
public sealed class RateLimitTests(SystemFixture system)
{
    [Fact]
    public async Task AClientOverItsLimitGets429WithRetryAfterWhileAnotherClientIsServed()
    {
        var greedy = $"greedy-{Guid.NewGuid():N}";
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpResponseMessage>();
        await Parallel.ForAsync(0, SystemFixture.SearchesPerSecond * 3, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=limits&mode=bm25&k=1");
            request.Headers.Add(SystemFixture.ClientIdHeader, greedy);
            statuses.Add(await system.Gateway.SendAsync(request, cancellationToken));
        });

        var refused = statuses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(statuses, r => r.StatusCode == HttpStatusCode.OK);
        var first = refused[0];
        Assert.True(first.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 says when to retry");
        var problem = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Gateway:RateLimit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=limits&mode=bm25&k=1");
        other.Headers.Add(SystemFixture.ClientIdHeader, $"patient-{Guid.NewGuid():N}");
        using var served = await system.Gateway.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        foreach (var response in statuses)
        {
            response.Dispose();
        }
    }
}
