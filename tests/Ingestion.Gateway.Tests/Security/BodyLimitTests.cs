using System.Net;
using System.Text;

namespace Ingestion.Gateway.Tests.Security;

/// <summary>
/// Every request body is bounded in bytes on the real server (Kestrel; the in-memory test server enforces no body
/// size): a document by <c>Gateway:MaxDocumentBytes</c>, every other body (status batches, searches, asks) by
/// <c>Gateway:MaxRequestBytes</c>, and the 413 names the limit that applied. Kestrel's own default let a status batch
/// carry 30 MB (#23).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class BodyLimitTests(LocalRedis redis)
{
    [Fact]
    public async Task EachBodyIsBoundedByItsOwnLimitAndThe413NamesIt()
    {
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?>
        {
            ["Gateway:MaxRequestBytes"] = "65536",
            ["Gateway:MaxDocumentBytes"] = "262144",
        });
        gateway.UseKestrel(0);
        gateway.StartServer();
        using var client = gateway.CreateClient();
        var overRequest = new string('x', 100_000);

        using var status = await SendAsync(client, HttpMethod.Post, "/api/documents/status", $"{{\"ids\": [\"{overRequest}\"]}}");
        using var search = await SendAsync(client, HttpMethod.Post, "/api/search", $"{{\"q\": \"{overRequest}\"}}");
        using var ask = await SendAsync(client, HttpMethod.Post, "/api/ask", $"{{\"question\": \"{overRequest}\"}}");
        using var documentWithin = await SendAsync(client, HttpMethod.Put, "/api/documents/within", $"{{\"contentType\": \"text/plain\", \"content\": \"{overRequest}\"}}");
        using var documentOver = await SendAsync(client, HttpMethod.Put, "/api/documents/over", $"{{\"contentType\": \"text/plain\", \"content\": \"{new string('x', 300_000)}\"}}");

        foreach (var refused in new[] { status, search, ask })
        {
            var problem = await Problems.OfAsync(refused, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains("Gateway:MaxRequestBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // Within a document's own limit the body is read (and the change meets the missing broker).
        Assert.Equal(HttpStatusCode.ServiceUnavailable, documentWithin.StatusCode);
        var over = await Problems.OfAsync(documentOver, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("Gateway:MaxDocumentBytes", over.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string json)
    {
        // As a client sending a large body should: the server refuses it before it is sent.
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        return client.SendAsync(request);
    }
}
