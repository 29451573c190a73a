using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Security;

/// <summary>
/// Limits searches and the reads that open readers or name many documents (the index's state, status batches; both
/// <c>Gateway:RateLimit</c>), document changes (<c>Gateway:WriteRateLimit</c>) and asks (<c>Gateway:Ask:RateLimit</c>)
/// per client with fixed windows, each counted on its own. A client is its IP address
/// (behind <c>Gateway:KnownProxies</c>, the one they forward), an IPv6 client its /64, since one host holds a
/// whole /64; or the name a proxy of <c>Gateway:KnownProxies</c> puts in <c>ClientIdHeader</c> (from anyone else that header is ignored). A client over a limit gets 429
/// ProblemDetails saying when to retry, with a <c>Retry-After</c> header.
/// </summary>
public static class GatewayRateLimiting
{
    public const string SearchPolicy = "search";
    public const string AskPolicy = "ask";
    public const string WritePolicy = "write";
    public const string ReadPolicy = "read";

    public static IServiceCollection AddGatewayRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(SearchPolicy, http => Partition(http, SearchPolicy));
            limiter.AddPolicy(AskPolicy, http => Partition(http, AskPolicy));
            limiter.AddPolicy(WritePolicy, http => Partition(http, WritePolicy));
            limiter.AddPolicy(ReadPolicy, http => Partition(http, ReadPolicy));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? SearchPolicy;
                var (options, setting) = LimitOf(http, policy);
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests",
                    detail: $"A client may {policy} {options.PermitsPerWindow} times per {options.Window.TotalSeconds:0.###} s ({setting}); retry after {retryAfter.TotalSeconds:0.#} s.")
                    .ExecuteAsync(http);
            };
        });
        return services;
    }

    /// <summary>The client <paramref name="http"/> is counted as under <paramref name="policy"/>, for other budgets kept per client.</summary>
    public static string ClientOf(HttpContext http, string policy)
    {
        ArgumentNullException.ThrowIfNull(http);
        return ClientOf(http, LimitOf(http, policy).Options);
    }

    private static RateLimitPartition<string> Partition(HttpContext http, string policy)
    {
        var (options, _) = LimitOf(http, policy);
        return RateLimitPartition.GetFixedWindowLimiter(ClientOf(http, options), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitsPerWindow,
            Window = options.Window,
            QueueLimit = 0,
        });
    }

    private static (RateLimitOptions Options, string Setting) LimitOf(HttpContext http, string policy)
    {
        var gateway = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
        return policy switch
        {
            AskPolicy => (gateway.Ask.RateLimit, "Gateway:Ask:RateLimit"),
            WritePolicy => (gateway.WriteRateLimit, "Gateway:WriteRateLimit"),
            _ => (gateway.RateLimit, "Gateway:RateLimit"),
        };
    }

    /// <summary>
    /// The client's name from <c>ClientIdHeader</c> when a known proxy sent it (anyone else could name themselves anew
    /// on every request and never be limited), otherwise its address. The proxies are those the forwarded-headers
    /// middleware believes (<c>Gateway:KnownProxies</c>, parsed once).
    /// </summary>
    private static string ClientOf(HttpContext http, RateLimitOptions options) =>
        options.ClientIdHeader is { Length: > 0 } header
        && http.Request.Headers[header].ToString() is { Length: > 0 } client
        && http.Features.Get<ConnectionPeer>() is { } peer
        && peer.IsOneOf(http.RequestServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownProxies)
            ? "client:" + client
            : "ip:" + (http.Connection.RemoteIpAddress is { } address ? NetworkOf(address) : "unknown");

    /// <summary>An IPv4 address as it is; an IPv6 address as its /64 network, which one host may fill with addresses.</summary>
    internal static string NetworkOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
