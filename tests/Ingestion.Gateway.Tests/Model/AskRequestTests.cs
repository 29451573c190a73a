using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Model;

/// <summary>Every bad field of <c>POST /api/ask</c> is refused with a ValidationProblem that names it, and only it, before anything is searched.</summary>
[Collection(SharedRedis.Name)]
public sealed class AskRequestTests(LocalRedis redis, SharedGatewayFixture gateway) : IClassFixture<SharedGatewayFixture>
{
    private readonly HttpClient _client = gateway.ClientOn(redis);

    [Theory]
    [InlineData("{}", "question")]
    [InlineData("""{"question":"  "}""", "question")]
    [InlineData("""{"question":"Where do terns nest?","budgetTokens":0}""", "budgetTokens")]
    [InlineData("""{"question":"Where do terns nest?","budgetTokens":32001}""", "budgetTokens")]
    [InlineData("""{"question":"Where do terns nest?","budgetTokens":40}""", "budgetTokens")]
    [InlineData("""{"question":"Where do terns nest?","k":0}""", "k")]
    [InlineData("""{"question":"Where do terns nest?","k":201}""", "k")]
    [InlineData("""{"question":"Where do terns nest?","mode":"fuzzy"}""", "mode")]
    [InlineData("""{"question":"Where do terns nest?","tags":[""]}""", "tags")]
    [InlineData("""{"question":"Where do terns nest?","tags":[null]}""", "tags")]
    [InlineData("""{"question":"Where do terns nest?","allTags":[null]}""", "allTags")]
    [InlineData("""{"question":"Where do terns nest?","contentType":[null]}""", "contentType")]
    [InlineData("""{"question":"Where do terns nest?","allTags":[" "]}""", "allTags")]
    [InlineData("""{"question":"Where do terns nest?","contentType":[""]}""", "contentType")]
    [InlineData("""{"question":"Where do terns nest?","updatedAfter":"soon"}""", "updatedAfter")]
    public async Task ABadFieldIsNamedInTheProblem(string body, string field)
    {
        using var response = await _client.PostAsync("/api/ask", Problems.Json(body));

        await Problems.AssertNamesOnlyAsync(response, field);
    }

    [Fact]
    public async Task AQuestionOverTheQueryLimitIsNamed()
    {
        using var response = await _client.PostAsJsonAsync("/api/ask", new { question = new string('q', 1001) });

        await Problems.AssertNamesOnlyAsync(response, "question");
    }

    [Fact]
    public async Task AGoodAskWithoutAChatModelIsAnsweredWithItsContext()
    {
        using var response = await _client.PostAsJsonAsync("/api/ask", new { question = "Where do terns nest?", mode = "bm25", budgetTokens = 32000, k = 200 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("notConfigured", answer.GetProperty("answer").GetProperty("status").GetString());
        Assert.Equal(32000, answer.GetProperty("context").GetProperty("budgetTokens").GetInt32());
    }
}
