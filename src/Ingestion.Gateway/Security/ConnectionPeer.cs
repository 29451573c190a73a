using System.Net;

namespace Ingestion.Gateway.Security;

/// <summary>
/// The address of the machine at the other end of the TCP connection, kept before the forwarded-headers middleware
/// replaces <see cref="ConnectionInfo.RemoteIpAddress"/> with the client a proxy names: whether to believe a header
/// that names the client depends on who sent it, not on whom it names.
/// </summary>
public sealed record ConnectionPeer(IPAddress? Address)
{
    /// <summary>Whether the peer is one of <paramref name="knownProxies"/> (IPv4-mapped IPv6 compared as IPv4).</summary>
    public bool IsOneOf(IEnumerable<IPAddress> knownProxies) =>
        Address is { } peer && knownProxies.Any(known => Normal(known).Equals(Normal(peer)));

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}

public static class ConnectionPeerExtensions
{
    /// <summary>Keeps each request's <see cref="ConnectionPeer"/>; goes before <c>UseForwardedHeaders</c>.</summary>
    public static IApplicationBuilder UseConnectionPeer(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Features.Set(new ConnectionPeer(http.Connection.RemoteIpAddress));
            return next(http);
        });
}
