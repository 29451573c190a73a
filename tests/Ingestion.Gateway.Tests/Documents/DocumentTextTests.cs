using System.Net;
using System.Text.Json;
using Ingestion.Gateway.Tests.Identity;

namespace Ingestion.Gateway.Tests.Documents;

/// <summary>
/// <c>GET /api/documents/{id}/text</c>: a document's text at the offsets its citations name, read on in parts; a
/// document the caller may not read is as absent as one that does not exist; a stretch beyond the limit is refused.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class DocumentTextTests(LocalRedis redis)
{
    [Fact]
    public async Task TheTextComesAtItsOffsetsInPartsAndAnUnreadableDocumentIs404LikeAnUnknownOne()
    {
        string[] chunks = ["Terns nest on shingle.", "They fly south in autumn."];
        var settings = LocalIssuer.Settings();
        settings["Gateway:MaxReadCharacters"] = "100";
        using var gateway = new GatewayHost(redis, settings);
        await IndexFiller.WriteAsync(
            gateway.DataPath,
            IndexFiller.Document("terns", 1, chunks) with { Readers = ["group:birders"] });
        using var client = gateway.CreateClient();
        var birder = LocalIssuer.Mint("ann", ["birders"]);
        var stranger = LocalIssuer.Mint("bob");

        var whole = await GetAsync(client, "/api/documents/terns/text", birder);
        var part = await GetAsync(client, "/api/documents/terns/text?from=6&length=10", birder);
        var beyond = await GetAsync(client, "/api/documents/terns/text?from=500", birder);
        var hidden = await GetAsync(client, "/api/documents/terns/text", stranger);
        var unknown = await GetAsync(client, "/api/documents/herons/text", birder);
        var tooLong = await GetAsync(client, "/api/documents/terns/text?length=101", birder);

        Assert.Equal(HttpStatusCode.OK, whole.Status);
        Assert.Equal("Terns nest on shingle.  They fly south in autumn.", whole.Body.GetProperty("text").GetString());
        Assert.Equal("terns", whole.Body.GetProperty("documentId").GetString());
        Assert.False(whole.Body.GetProperty("more").GetBoolean());
        Assert.Equal(("nest on sh", 6, 16, true), (part.Body.GetProperty("text").GetString(), part.Body.GetProperty("from").GetInt32(), part.Body.GetProperty("to").GetInt32(), part.Body.GetProperty("more").GetBoolean()));
        Assert.Equal((HttpStatusCode.OK, string.Empty), (beyond.Status, beyond.Body.GetProperty("text").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("Gateway:MaxReadCharacters", tooLong.Body.GetRawText(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
