using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Dashboard.Api;

/// <summary>The single-page UI (HTML, script, styles), compiled into this assembly so the dashboard needs no files beside it.</summary>
internal static class EmbeddedAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapEmbeddedAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Asset("index.html"));
        endpoints.MapGet("/assets/{file}", (string file) => Asset(file));
        return endpoints;
    }

    private static IResult Asset(string file)
    {
        var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream($"wwwroot/{file}");
        if (stream is null || !ContentTypes.TryGetValue(Path.GetExtension(file), out var contentType))
        {
            stream?.Dispose();
            return Results.NotFound();
        }

        return Results.Stream(stream, contentType);
    }
}
