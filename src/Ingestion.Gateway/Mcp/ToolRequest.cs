using Ingestion.Gateway.Identity;

namespace Ingestion.Gateway.Mcp;

/// <summary>The HTTP request a tool call came in (stateless streamable HTTP: each call is one), and its caller.</summary>
internal static class ToolRequest
{
    public static HttpContext Of(IHttpContextAccessor accessor) =>
        accessor.HttpContext ?? throw new InvalidOperationException("The MCP tools answer within an HTTP request (streamable HTTP), and there is none.");

    /// <summary>The request's caller, as every HTTP endpoint binds it: its credential's principal, or the single user.</summary>
    public static async Task<Caller> CallerAsync(HttpContext http) => (await Caller.BindAsync(http))!;
}
