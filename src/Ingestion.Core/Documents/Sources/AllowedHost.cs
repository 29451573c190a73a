namespace Ingestion.Core.Documents.Sources;

/// <summary>
/// One entry of <c>Sources:AllowedHosts</c>: <c>host</c> allows that host on its scheme's default port only (80, 443),
/// <c>host:port</c> (IPv6 as <c>[::1]:8080</c>) that port only; a host allowed on one port says nothing of the
/// services on its others.
/// </summary>
public sealed record AllowedHost(string Host, int? Port)
{
    /// <summary>Null when <paramref name="entry"/> is not a host with an optional port in 1-65535.</summary>
    public static AllowedHost? Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // A URI's parser is the reference for what a host and a port are.
        if (entry.Length == 0 || entry.Contains('/', StringComparison.Ordinal) || entry.Contains('@', StringComparison.Ordinal)
            || !Uri.TryCreate("http://" + entry, UriKind.Absolute, out var uri)
            || uri.PathAndQuery != "/" || uri.Fragment.Length > 0)
        {
            // An unbracketed IPv6 address has colons of its own; it allows its default ports.
            return System.Net.IPAddress.TryParse(entry, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? new AllowedHost("[" + address + "]", null)
                : null;
        }

        var explicitPort = entry.EndsWith(":" + uri.Port, StringComparison.Ordinal);
        return new AllowedHost(uri.Host, explicitPort ? uri.Port : null);
    }

    public bool Allows(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return string.Equals(uri.Host, Host, StringComparison.OrdinalIgnoreCase)
            && (Port is { } port ? uri.Port == port : uri.IsDefaultPort);
    }
}
