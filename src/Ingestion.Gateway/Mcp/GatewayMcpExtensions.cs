using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Security;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Ingestion.Gateway.Mcp;

/// <summary>
/// The MCP server: streamable HTTP, stateless (each POST to <c>/mcp</c> stands alone, so any gateway replica answers
/// it), behind the gateway's own authentication and the search rate limit; its tools run in the request's scope.
/// </summary>
public static class GatewayMcpExtensions
{
    public const string Path = "/mcp";

    private const string Instructions =
        "This server searches a collection of documents its users ingested. Use search to find passages, get_context to get numbered " +
        "passages to answer a question from (cite them by number), read_document to read more of a document around a passage, and " +
        "document_status to see whether documents were ingested. Every answer holds only what the credential you connect with may read.";

    /// <summary>The SDK's serialization with the HTTP API's names for states and modes (<c>indexed</c>, not <c>Indexed</c>).</summary>
    private static readonly JsonSerializerOptions Json = WithCamelCaseEnums();

    public static IHostApplicationBuilder AddGatewayMcp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Which tools exist is decided once, at start: the list a client is given must not change under it.
        var options = builder.Configuration.GetSection($"{GatewayOptions.SectionName}:Mcp").Get<McpOptions>() ?? new McpOptions();
        builder.Services.AddHttpContextAccessor();
        var server = builder.Services
            .AddMcpServer(mcp =>
            {
                mcp.ServerInfo = new Implementation { Name = "ingestion", Title = "Ingestion: documents searchable for LLMs", Version = typeof(GatewayMcpExtensions).Assembly.GetName().Version?.ToString() ?? "0.0.0" };
                mcp.ServerInstructions = Instructions;
            })
            .WithHttpTransport(http => http.Stateless = true)
            .WithRequestFilters(filters => filters.AddCallToolFilter(ArgumentErrors.Explain))
            .WithTools<RetrievalTools>(Json);
        if (options.AllowWrites)
        {
            server.WithTools<DocumentWriteTools>(Json);
        }

        return builder;
    }

    private static JsonSerializerOptions WithCamelCaseEnums()
    {
        var json = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions);
        json.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return json;
    }

    public static WebApplication MapGatewayMcp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.Mcp.Enabled)
        {
            app.MapMcp(Path).RequireScope(Scopes.Read).RequireRateLimiting(GatewayRateLimiting.SearchPolicy);
        }

        return app;
    }
}
