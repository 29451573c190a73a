using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CsCheck;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// A writer who may not read a document learns nothing of it by sending changes: the same change again under its
/// version is a harmless retry only for the caller who sent it, so another writer's exact copy (a guess of the title,
/// text, tags and readers) is refused as any other change under that version is, whether the guess is right or not.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class ChangeGuessTests(LocalRedis redis)
{
    private static readonly string[] AliceAlone = ["user:alice"];

    [Fact]
    public async Task AnotherWritersGuessOfAChangeIsRefusedTheSameWhetherItIsRightOrWrong()
    {
        using var gateway = new GatewayHost(redis, LocalIssuer.Settings());
        using var client = gateway.CreateClient();
        var alice = LocalIssuer.Mint("alice", scopes: "write");
        var mallory = LocalIssuer.Mint("mallory", scopes: "write");

        await Gen.String[Gen.Char.AlphaNumeric, 1, 40].Select(Gen.Bool).SampleAsync(async (secret, guessRight) =>
        {
            var id = $"salary-{Guid.NewGuid():N}";
            var change = new { title = "Salary", contentType = "text/plain", content = $"Alice earns {secret}.", readers = AliceAlone, version = 7 };
            var guess = guessRight ? change : change with { content = $"Alice earns {secret}0." };

            // Alice's change is claimed at the door (the test has no broker: 503 after the claim).
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await PutAsync(client, id, change, alice));
            Assert.Equal(HttpStatusCode.Conflict, await PutAsync(client, id, guess, mallory));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await PutAsync(client, id, change, alice));
        }, iter: 5);
    }

    private static async Task<HttpStatusCode> PutAsync(HttpClient client, string id, object body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{id}") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
