using System.Net;

namespace Ingestion.Gateway.Tests.Model;

/// <summary>
/// The checks that document changes share: a bad document id (on PUT and DELETE alike) and a DELETE's version out of
/// range are refused with a ValidationProblem naming the parameter, before anything is claimed or published.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class RequestRulesTests(LocalRedis redis, SharedGatewayFixture gateway) : IClassFixture<SharedGatewayFixture>
{
    private const string GoodBody = """{"contentType":"text/plain","content":"Terns dive."}""";
    private readonly HttpClient _client = gateway.ClientOn(redis);

    public static TheoryData<string> BadIds => new()
    {
        "%20%20",
        "tern%01",
        "tern%0Aline",
        new string('i', 513),
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task ABadDocumentIdIsNamedOnAPut(string id)
    {
        using var response = await _client.PutAsync($"/api/documents/{id}", Problems.Json(GoodBody));

        await Problems.AssertNamesOnlyAsync(response, "id");
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task ABadDocumentIdIsNamedOnADelete(string id)
    {
        using var response = await _client.DeleteAsync($"/api/documents/{id}");

        await Problems.AssertNamesOnlyAsync(response, "id");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("4611686018427387904")]
    public async Task ADeleteVersionOutOfRangeIsNamed(string version)
    {
        using var response = await _client.DeleteAsync($"/api/documents/delete-{Guid.NewGuid():N}?version={version}");

        await Problems.AssertNamesOnlyAsync(response, "version");
    }

    [Fact]
    public async Task AnIdOfTheLongestLengthAndADeleteAtTheHighestVersionPassTheDoor()
    {
        var id = $"longest-{Guid.NewGuid():N}".PadRight(512, 'i');

        using var put = await _client.PutAsync($"/api/documents/{id}", Problems.Json(GoodBody));
        using var delete = await _client.DeleteAsync($"/api/documents/{id}?version=4611686018427387903");

        // Past every check, the publish meets no broker here.
        await Problems.OfAsync(put, HttpStatusCode.ServiceUnavailable);
        await Problems.OfAsync(delete, HttpStatusCode.ServiceUnavailable);
    }
}
