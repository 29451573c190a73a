using System.Net;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Model;

/// <summary>
/// Every bad field of <c>PUT /api/documents/{id}</c> is refused with a ValidationProblem that names it, and only it,
/// before anything is claimed or published; a good body passes the door (and meets the missing broker: 503).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class PutDocumentRequestTests(LocalRedis redis, SharedGatewayFixture gateway) : IClassFixture<SharedGatewayFixture>
{
    private readonly HttpClient _client = gateway.ClientOn(redis);

    [Theory]
    [InlineData("""{"content":"Terns dive."}""", "contentType")]
    [InlineData("""{"contentType":" ","content":"Terns dive."}""", "contentType")]
    [InlineData("""{"contentType":"application/x-msdownload","content":"MZ"}""", "contentType")]
    [InlineData("""{"contentType":"text/plain"}""", "content")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","contentUri":"https://example.org/terns.txt"}""", "content")]
    [InlineData("""{"contentType":"text/plain","contentUri":"file:///etc/passwd"}""", "contentUri")]
    [InlineData("""{"contentType":"text/html","contentUri":"http://169.254.169.254/latest/meta-data"}""", "contentUri")]
    [InlineData("""{"contentType":"text/plain","contentUri":"terns.txt"}""", "contentUri")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","version":0}""", "version")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","version":-3}""", "version")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","version":4611686018427387904}""", "version")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","tags":["birds",""]}""", "tags")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","tags":[" "]}""", "tags")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","tags":[null]}""", "tags")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","readers":[null]}""", "readers")]
    [InlineData("""{"contentType":"text/plain","content":"Terns dive.","readers":["public",null]}""", "readers")]
    public async Task ABadFieldIsNamedInTheProblem(string body, string field)
    {
        using var response = await _client.PutAsync($"/api/documents/{UniqueId()}", Problems.Json(body));

        await Problems.AssertNamesOnlyAsync(response, field);
    }

    public static TheoryData<string, string> OverTheLimits => new()
    {
        { JsonSerializer.Serialize(new { title = new string('t', 1025), contentType = "text/plain", content = "Terns dive." }), "title" },
        { JsonSerializer.Serialize(new { contentType = "text/plain", content = "Terns dive.", tags = Enumerable.Range(0, 101).Select(i => $"t{i}").ToArray() }), "tags" },
        { JsonSerializer.Serialize(new { contentType = "text/plain", content = "Terns dive.", tags = new[] { new string('g', 257) } }), "tags" },
        // Its media type is supported; the parameters after ';' would become one immense index term (#23).
        { JsonSerializer.Serialize(new { contentType = "text/plain; x=" + new string('x', 40_000), content = "Terns dive." }), "contentType" },
    };

    [Theory]
    [MemberData(nameof(OverTheLimits))]
    public async Task AFieldCopiedIntoEveryChunkOverItsLimitIsNamedInTheProblem(string body, string field)
    {
        using var response = await _client.PutAsync($"/api/documents/{UniqueId()}", Problems.Json(body));

        await Problems.AssertNamesOnlyAsync(response, field);
    }

    [Fact]
    public async Task EveryBadFieldOfOneBodyIsNamed()
    {
        using var response = await _client.PutAsync($"/api/documents/{UniqueId()}", Problems.Json("""{"title":"x","contentType":"application/x-unknown","version":0,"tags":[""]}"""));

        var problem = await Problems.OfAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["content", "contentType", "tags", "version"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ABodyAtTheLimitsPassesTheDoor()
    {
        var body = JsonSerializer.Serialize(new
        {
            title = new string('t', 1024),
            contentType = "text/markdown",
            content = "# Terns\n\nTerns dive.",
            tags = Enumerable.Range(0, 100).Select(i => i == 0 ? new string('g', 256) : $"t{i}").ToArray(),
            version = 4611686018427387903,
        });

        using var response = await _client.PutAsync($"/api/documents/{UniqueId()}", Problems.Json(body));

        // Past every check, the publish meets no broker here.
        await Problems.OfAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    private static string UniqueId() => $"put-{Guid.NewGuid():N}";
}
