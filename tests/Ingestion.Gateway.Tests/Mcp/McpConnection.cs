using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Mcp;

/// <summary>The MCP SDK's own client, over streamable HTTP to a test gateway's <c>/mcp</c>, with a bearer token or an API key.</summary>
internal static class McpConnection
{
    public static async Task<McpClient> ConnectAsync(GatewayHost gateway, string? token = null, string? apiKey = null)
    {
        var http = gateway.CreateClient();
        var headers = new Dictionary<string, string>();
        if (token is not null)
        {
            headers["Authorization"] = $"Bearer {token}";
        }

        if (apiKey is not null)
        {
            headers["X-Api-Key"] = apiKey;
        }

        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp, AdditionalHeaders = headers },
            http,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }

    /// <summary>The tool's structured answer; fails the test with the tool's error text when it is one.</summary>
    public static JsonElement Answer(this CallToolResult result)
    {
        Assert.True(result.IsError is not true, $"The tool failed: {result.ErrorText()}");
        Assert.NotNull(result.StructuredContent);
        return result.StructuredContent.Value;
    }

    public static string ErrorText(this CallToolResult result) =>
        string.Join(" ", result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
