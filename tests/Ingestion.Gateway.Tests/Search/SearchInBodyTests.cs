using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Search;

/// <summary>
/// <c>POST /api/search</c> takes the parameters of <c>GET /api/search</c> as a JSON body, with a query as long as
/// <c>Gateway:MaxBodyQueryLength</c>: standard collections have queries of whole paragraphs, longer than a URL's bound (#23).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class SearchInBodyTests(LocalRedis redis)
{
    [Fact]
    public async Task AQueryTooLongForAUrlIsSearchedFromABodyAndEachBoundIsNamed()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"cormorants-{unique}", 1, $"Cormorants {unique} dry their wings on rocks."));
        using var client = gateway.CreateClient();
        var longQuery = $"cormorants {unique} " + string.Join(' ', Enumerable.Repeat("wings rocks", 400));

        using var inUrl = await client.GetAsync($"/api/search?q={Uri.EscapeDataString(longQuery)}&mode=bm25");
        using var inBody = await client.PostAsJsonAsync("/api/search", new { q = longQuery, mode = "bm25", k = 5, bm25Weight = 0.5 });
        using var overBody = await client.PostAsJsonAsync("/api/search", new { q = new string('w', 16_385), mode = "bm25" });

        var urlProblem = await Problems.OfAsync(inUrl, HttpStatusCode.BadRequest);
        Assert.Contains("POST /api/search", urlProblem.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, inBody.StatusCode);
        var answer = await inBody.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"cormorants-{unique}", answer.GetProperty("hits")[0].GetProperty("documentId").GetString());
        Assert.Equal(0.5, answer.GetProperty("fusion").GetProperty("bm25Weight").GetDouble());
        var bodyProblem = await Problems.OfAsync(overBody, HttpStatusCode.BadRequest);
        Assert.Contains("Gateway:MaxBodyQueryLength", bodyProblem.GetProperty("errors").GetProperty("q")[0].GetString(), StringComparison.Ordinal);
    }
}
