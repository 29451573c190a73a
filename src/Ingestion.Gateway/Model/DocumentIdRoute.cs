using Microsoft.AspNetCore.Http.Features;

namespace Ingestion.Gateway.Model;

/// <summary>
/// The document id of a <c>/api/documents/{id}</c> request, exactly as the client encoded it. ASP.NET Core decodes
/// every escape in a route value except <c>%2F</c>, so an id holding a '/' (a file path, as <c>ingest publish</c>
/// sends) would arrive as "a%2Fb"; decoding the raw request target instead gives "a/b", and "a%252Fb" stays "a%2Fb".
/// </summary>
internal static class DocumentIdRoute
{
    private const string Prefix = "/api/documents/";

    /// <summary>The id as the client encoded it; <paramref name="suffix"/> is what the route has after it (<c>/text</c>).</summary>
    public static string Decode(HttpContext http, string routeValue, string suffix = "")
    {
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (rawTarget is null)
        {
            return routeValue;
        }

        var path = rawTarget.Split('?', 2)[0];
        if (suffix.Length > 0 && path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^suffix.Length];
        }

        var start = path.IndexOf(Prefix, StringComparison.OrdinalIgnoreCase);
        return start < 0 ? routeValue : Uri.UnescapeDataString(path[(start + Prefix.Length)..]);
    }
}
