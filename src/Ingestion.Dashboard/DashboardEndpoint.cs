using System.Net;

namespace Ingestion.Dashboard;

/// <summary>An <c>http://host:port</c> setting parsed into what Kestrel listens on.</summary>
internal sealed record DashboardEndpoint(string Setting, IPAddress Address, int Port)
{
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public static DashboardEndpoint Parse(string name, string setting)
    {
        if (!Uri.TryCreate(setting, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/")
        {
            throw new InvalidOperationException($"Dashboard:{name} must be an http://host:port address; '{setting}' is not.");
        }

        var address = uri.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            "[::]" => IPAddress.IPv6Any,
            _ when IPAddress.TryParse(uri.Host, out var parsed) => parsed,
            _ => throw new InvalidOperationException($"Dashboard:{name} must name an IP address or localhost; '{uri.Host}' is neither."),
        };
        return new DashboardEndpoint(setting, address, uri.Port);
    }

    public Uri UriFor(int boundPort)
    {
        var host = Address.Equals(IPAddress.Any) || Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : Address.ToString();
        return new UriBuilder(Uri.UriSchemeHttp, host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host, boundPort).Uri;
    }
}
