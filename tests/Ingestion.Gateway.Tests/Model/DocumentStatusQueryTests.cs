using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Model;

/// <summary>A status batch (<c>POST /api/documents/status</c>) that names no documents, too many, or an id no document can have is refused naming <c>ids</c>.</summary>
[Collection(SharedRedis.Name)]
public sealed class DocumentStatusQueryTests(LocalRedis redis, SharedGatewayFixture gateway) : IClassFixture<SharedGatewayFixture>
{
    private readonly HttpClient _client = gateway.ClientOn(redis);

    public static TheoryData<string> BadBatches => new()
    {
        "{}",
        """{"ids":null}""",
        """{"ids":[]}""",
        """{"ids":["a",""]}""",
        """{"ids":["a",null]}""",
        JsonSerializer.Serialize(new { ids = Enumerable.Range(0, 1001).Select(i => $"doc{i}").ToArray() }),
        // No document can have such an id (512 characters at most), and a thousand of them would make a 30 MB body (#23).
        JsonSerializer.Serialize(new { ids = new[] { "a", new string('i', 513) } }),
        """{"ids":["a\u0007b"]}""",
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task ABadBatchIsNamedInTheProblem(string body)
    {
        using var response = await _client.PostAsync("/api/documents/status", Problems.Json(body));

        await Problems.AssertNamesOnlyAsync(response, "ids");
    }

    [Fact]
    public async Task ABatchOfTheMostIdsIsAnsweredWithEveryIdMissing()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"status-{Guid.NewGuid():N}").ToArray();

        using var response = await _client.PostAsJsonAsync("/api/documents/status", new { ids });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, answer.GetProperty("statuses").GetArrayLength());
        Assert.Equal(ids, answer.GetProperty("missing").EnumerateArray().Select(i => i.GetString()));
    }
}
