using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

[Collection(RunningSystem.Name)]
public sealed class BadRequestTests(SystemFixture system)
{
    [Theory]
    [InlineData("q=", "q")]
    [InlineData("q=ok&k=0", "k")]
    [InlineData("q=ok&k=1001", "k")]
    [InlineData("q=ok&mode=fuzzy", "mode")]
    [InlineData("q=ok&rrfK=0", "rrfK")]
    [InlineData("q=ok&fusion=borda", "fusion")]
    [InlineData("q=ok&denseWeight=-1", "weights")]
    public async Task ABadSearchGetsAValidationProblemNamingTheParameter(string query, string field)
    {
        using var response = await system.Gateway.GetAsync($"/api/search?{query}");

        var problem = await ProblemOf(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task MalformedJsonGetsAProblemSayingWhere()
    {
        using var content = new StringContent("{\"title\": \"x\", \"content\": ", Encoding.UTF8, "application/json");
        using var response = await system.Gateway.PutAsync("/api/documents/malformed", content);

        var problem = await ProblemOf(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFieldsAndAnUnsupportedContentTypeAreNamed()
    {
        using var response = await system.Gateway.PutAsJsonAsync("/api/documents/incomplete", new { title = "x", contentType = "application/x-unknown" });

        var problem = await ProblemOf(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("contentType", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("content", out _));
    }

    [Fact]
    public async Task ABodyOverTheConfiguredSizeIsRefusedWithAProblem()
    {
        var huge = new string('a', 9 * 1024 * 1024);
        // As the typed client sends a document: the gateway answers 413 before the body is sent. Without it the answer
        // may come while the client still writes, and the closed connection surfaces as a broken pipe instead.
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/documents/huge") { Content = JsonContent.Create(new { title = "x", contentType = "text/plain", content = huge }) };
        request.Headers.ExpectContinue = true;
        using var response = await system.Gateway.SendAsync(request);

        var problem = await ProblemOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.Null(await system.StatusAsync("huge"));
    }

    public static TheoryData<string, string> OversizedFields => new()
    {
        { "title", JsonSerializer.Serialize(new { title = new string('t', 1025), contentType = "text/plain", content = "x" }) },
        { "tags", JsonSerializer.Serialize(new { contentType = "text/plain", content = "x", tags = Enumerable.Range(0, 101).Select(i => $"t{i}").ToArray() }) },
        { "tags", JsonSerializer.Serialize(new { contentType = "text/plain", content = "x", tags = new[] { new string('g', 257) } }) },
        { "version", JsonSerializer.Serialize(new { contentType = "text/plain", content = "x", version = long.MaxValue }) },
    };

    [Theory]
    [MemberData(nameof(OversizedFields))]
    public async Task FieldsCopiedIntoEveryChunkOrVersionsBeyondTheRangeAreRefusedNamingTheField(string field, string body)
    {
        var id = $"oversized-{Guid.NewGuid():N}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await system.Gateway.PutAsync($"/api/documents/{id}", content);

        var problem = await ProblemOf(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
        Assert.Null(await system.StatusAsync(id));
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(SystemFixture.Json);
    }
}
