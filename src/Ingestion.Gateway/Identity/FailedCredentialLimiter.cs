using System.Globalization;
using System.Threading.RateLimiting;
using Ingestion.Gateway.Security;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// Limits guessing: a client whose credentials were refused <c>Gateway:FailedCredentialLimit</c> times in a window
/// gets 429 for any request with a credential until the window ends, a right one included, so keys cannot be tried
/// at the request rate. Counted per client as the rate limits count them.
/// </summary>
internal sealed class FailedCredentialLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly RateLimitOptions _options;

    public FailedCredentialLimiter(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.FailedCredentialLimit;
        _failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = _options.PermitsPerWindow,
            Window = _options.Window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Refuses requests with a credential from a client out of attempts, and counts the refused ones.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var presented = http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) || http.Request.Headers.Authorization.Count > 0;
        if (!presented)
        {
            await next(http);
            return;
        }

        var client = GatewayRateLimiting.ClientOf(http, GatewayRateLimiting.SearchPolicy);
        if (_failures.GetStatistics(client)?.CurrentAvailablePermits <= 0)
        {
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(_options.Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many refused credentials",
                detail: $"This client's credentials were refused {_options.PermitsPerWindow} times within {_options.Window.TotalSeconds:0.###} s (Gateway:FailedCredentialLimit); retry after the window.")
                .ExecuteAsync(http);
            return;
        }

        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            using var counted = _failures.AttemptAcquire(client);
        }
    }

    public void Dispose() => _failures.Dispose();
}
