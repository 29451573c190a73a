using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// Every endpoint's answer to each credential: none or an unknown one is 401, a known one without the endpoint's scope
/// 403, both as ProblemDetails that name no credential; the single keys of earlier versions keep working; bearer tokens
/// of the configured issuer pass, and a token for another audience, an expired one or one with a tampered signature is
/// 401 saying which; refused credentials are limited per client.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class WhoMayDoWhatTests(LocalRedis redis)
{
    internal const string WriterKey = "writer-key-0123456789abcdef";
    private const string ReaderKey = "reader-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdefg";
    private static readonly string[] OneId = ["a"];

    /// <summary>Each endpoint with the scope it needs.</summary>
    public static TheoryData<string, string, string> Endpoints => new()
    {
        { "GET", "/api/search?q=terns&mode=bm25", "read" },
        { "POST", "/api/search", "read" },
        { "POST", "/api/ask", "read" },
        { "GET", "/api/documents/a", "read" },
        { "GET", "/api/documents/a/text", "read" },
        { "POST", "/mcp", "read" },
        { "POST", "/api/documents/status", "read" },
        { "GET", "/api/index", "read" },
        { "POST", "/api/index/switch", "admin" },
        { "PUT", "/api/documents/a", "write" },
        { "DELETE", "/api/documents/a", "write" },
        { "POST", "/api/feedback", "read" },
        { "POST", "/api/admin/redrive?max=1", "admin" },
        { "GET", "/api/judgments", "admin" },
        { "GET", "/api/judgments/a", "admin" },
        { "PUT", "/api/judgments/a", "admin" },
        { "DELETE", "/api/judgments/a", "admin" },
        { "GET", "/api/experiments/a", "admin" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EachEndpointIs401WithoutACredential403WithoutItsScopeAndPassesWithIt(string method, string path, string scope)
    {
        using var gateway = WithKeysAndTokens();
        using var client = gateway.CreateClient();

        var none = await SendAsync(client, method, path, key: null);
        var unknown = await SendAsync(client, method, path, key: "not-a-key-of-this-gateway");
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
        Assert.Contains("X-Api-Key", none.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-key-of-this-gateway", unknown.Body, StringComparison.Ordinal);

        foreach (var (key, keyScope) in new[] { (ReaderKey, "read"), (WriterKey, "write"), (AdminKey, "admin") })
        {
            var answer = await SendAsync(client, method, path, key);
            if (keyScope == scope)
            {
                Assert.True(answer.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {path} with the {keyScope} key: {answer.Status} {answer.Body}");
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
                Assert.Contains($"'{scope}'", answer.Detail, StringComparison.Ordinal);
                Assert.DoesNotContain(key, answer.Body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task TheSingleKeysOfEarlierVersionsActAsReadWriteAndAdmin()
    {
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["Gateway:ApiKey"] = GatewayHost.ApiKey, ["Gateway:AdminApiKey"] = AdminKey });
        using var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", GatewayHost.ApiKey)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(client, "PUT", "/api/documents/a", GatewayHost.ApiKey)).Status); // past the door; no broker here
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, "POST", "/api/admin/redrive?max=1", GatewayHost.ApiKey)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", AdminKey)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", key: null)).Status);
    }

    [Fact]
    public async Task ATokenOfTheIssuerPassesAndOneForAnotherAudienceExpiredOrTamperedIs401SayingWhy()
    {
        using var gateway = WithKeysAndTokens();
        using var client = gateway.CreateClient();
        var valid = LocalIssuer.Mint("alice");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", token: valid)).Status);
        // Tokens read by default; writing takes the write scope.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, "PUT", "/api/documents/a", token: valid)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(client, "PUT", "/api/documents/a", token: LocalIssuer.Mint("alice", scopes: $"{LocalIssuer.Audience}/write"))).Status);

        var otherAudience = await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", token: LocalIssuer.Mint("alice", audience: "api://another-service"));
        var expired = await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", token: LocalIssuer.Mint("alice", expires: DateTime.UtcNow.AddMinutes(-10)));
        var tampered = await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", token: LocalIssuer.Tampered(valid));
        var otherKey = await SendAsync(client, "GET", "/api/search?q=terns&mode=bm25", token: LocalIssuer.Mint("alice", key: [.. LocalIssuer.Key.Select(b => (byte)(b + 1))]));
        Assert.All(new[] { otherAudience, expired, tampered, otherKey }, answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.Status));
        Assert.Contains("audience", otherAudience.Detail, StringComparison.Ordinal);
        Assert.Contains("expired", expired.Detail, StringComparison.Ordinal);
        Assert.Contains("signature", tampered.Detail, StringComparison.Ordinal);
        Assert.Contains("signature", otherKey.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(valid.Split('.')[2], tampered.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientWhoseCredentialsAreRefusedTooOftenIsRefusedEvenARightOneUntilTheWindowEnds()
    {
        var settings = KeysAndTokens();
        settings["Gateway:FailedCredentialLimit:PermitsPerWindow"] = "3";
        settings["Gateway:FailedCredentialLimit:Window"] = "00:10:00";
        using var gateway = new GatewayHost(redis, settings);
        using var client = gateway.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, "GET", "/api/index", key: $"guess-{i}-0123456789")).Status);
        }

        var locked = await SendAsync(client, "GET", "/api/index", ReaderKey);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Contains("Gateway:FailedCredentialLimit", locked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyListWithoutScopesOrWithAShortKeyStopsTheGatewayAtStart()
    {
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?>
        {
            ["Gateway:Keys:0:Name"] = "someone",
            ["Gateway:Keys:0:Key"] = "short",
        });

        var refused = Assert.ThrowsAny<Exception>(() => gateway.Server);

        Assert.Contains("Gateway:Keys:0: Key must be at least 16 characters", refused.ToString(), StringComparison.Ordinal);
        Assert.Contains("Gateway:Keys:0: Scopes must name", refused.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Keys of each scope (the reader's by its hash, as an operator would configure it) and the local issuer's tokens.</summary>
    internal static Dictionary<string, string?> KeysAndTokens()
    {
        var settings = LocalIssuer.Settings();
        settings["Gateway:Keys:0:Name"] = "reader";
        settings["Gateway:Keys:0:KeyHash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ReaderKey)));
        settings["Gateway:Keys:0:Scopes:0"] = "read";
        settings["Gateway:Keys:1:Name"] = "writer";
        settings["Gateway:Keys:1:Key"] = WriterKey;
        settings["Gateway:Keys:1:Scopes:0"] = "write";
        settings["Gateway:Keys:2:Name"] = "operator";
        settings["Gateway:Keys:2:Key"] = AdminKey;
        settings["Gateway:Keys:2:Scopes:0"] = "admin";
        return settings;
    }

    private GatewayHost WithKeysAndTokens() => new(redis, KeysAndTokens());

    private static async Task<(HttpStatusCode Status, string Detail, string Body)> SendAsync(HttpClient client, string method, string path, string? key = null, string? token = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Content = method switch
        {
            "PUT" => JsonContent.Create(new { contentType = "text/plain", content = "Terns." }),
            "POST" when path.StartsWith("/api/search", StringComparison.Ordinal) => JsonContent.Create(new { q = "terns", mode = "bm25" }),
            "POST" when path.StartsWith("/api/ask", StringComparison.Ordinal) => JsonContent.Create(new { question = "Where do terns nest?", answer = false }),
            "POST" when path.StartsWith("/api/documents/status", StringComparison.Ordinal) => JsonContent.Create(new { ids = OneId }),
            "POST" when path == "/mcp" => JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/list" }),
            _ => null,
        };
        if (path == "/mcp")
        {
            // Streamable HTTP: the client takes either a JSON answer or an event stream.
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json" && JsonDocument.Parse(body).RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? string.Empty : string.Empty;
        return (response.StatusCode, detail, body);
    }
}
