using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Infrastructure;

/// <summary>
/// Limits search requests per client with a fixed window (settings <c>Gateway:RateLimit</c>). A client over its
/// limit gets 429 ProblemDetails saying when to retry, with a <c>Retry-After</c> header.
/// </summary>
public static class SearchRateLimiting
{
    public const string PolicyName = "search";

    public static IServiceCollection AddSearchRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimit;
                return RateLimitPartition.GetFixedWindowLimiter(ClientOf(http, options), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitsPerWindow,
                    Window = options.Window,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var options = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimit;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"A client may search {options.PermitsPerWindow} times per {options.Window.TotalSeconds:0.###} s (Gateway:RateLimit); retry after {retryAfter.TotalSeconds:0.#} s.")
                    .ExecuteAsync(http);
            };
        });
        return services;
    }

    private static string ClientOf(HttpContext http, RateLimitOptions options) =>
        options.ClientIdHeader is { Length: > 0 } header && http.Request.Headers[header].ToString() is { Length: > 0 } client
            ? "client:" + client
            : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
