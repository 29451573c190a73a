using System.ComponentModel.DataAnnotations;

namespace Ingestion.Gateway.Security;

/// <summary>How many searches one client may make (section <c>Gateway:RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a client may make per window.</summary>
    [Range(1, 1_000_000)]
    public int PermitsPerWindow { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A header naming the client, believed only from the proxies of <c>Gateway:KnownProxies</c>; unset, or from
    /// anyone else, clients are told apart by their IP address.
    /// </summary>
    public string? ClientIdHeader { get; set; }
}
