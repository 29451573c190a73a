using System.Net;
using System.Net.Http.Json;

namespace Ingestion.Gateway.Tests.Security;

/// <summary>
/// The reads that open readers or name many documents (the index's state, a status batch) are rate limited per
/// client with the searches' setting (<c>Gateway:RateLimit</c>): the two share one budget, counted apart from
/// searches (#23).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class ReadLimitTests(LocalRedis redis)
{
    [Fact]
    public async Task TheIndexStateAndStatusBatchesOverTheReadLimitGet429AndSearchesAreCountedApart()
    {
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitsPerWindow"] = "2",
            ["Gateway:RateLimit:Window"] = "00:10:00",
        });
        using var client = gateway.CreateClient();

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            [await IndexState(), await StatusBatch(), await IndexState(), await StatusBatch()]);
        using var search = await client.GetAsync("/api/search?q=gannets&mode=bm25");
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);

        async Task<HttpStatusCode> IndexState()
        {
            using var response = await client.GetAsync("/api/index");
            return response.StatusCode;
        }

        async Task<HttpStatusCode> StatusBatch()
        {
            using var response = await client.PostAsJsonAsync("/api/documents/status", new { ids = new[] { $"doc-{Guid.NewGuid():N}" } });
            return response.StatusCode;
        }
    }
}
