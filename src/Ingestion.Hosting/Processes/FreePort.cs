using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ingestion.Hosting.Processes;

/// <summary>
/// A loopback port nobody listens on right now, for a resource that will listen on it a little later. It is
/// chosen below the kernel's ephemeral range: a port from that range (what binding port 0 returns) can be taken
/// by any outgoing connection of any process (a Redis client, an exporter) before the resource binds it, which
/// made a starting gateway fail now and then with "address in use".
/// </summary>
public static class FreePort
{
    private const int Lowest = 10_000;

    public static int Next()
    {
        var (ephemeralLow, _) = EphemeralRange();
        if (ephemeralLow - Lowest >= 1_000)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var candidate = Random.Shared.Next(Lowest, ephemeralLow);
                if (IsFree(candidate))
                {
                    return candidate;
                }
            }
        }

        // No room below the ephemeral range (an unusual kernel setting): let the kernel choose.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The range outgoing connections take their local ports from (Linux's setting, else IANA's 49152–65535).</summary>
    public static (int Low, int High) EphemeralRange()
    {
        const string setting = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            var parts = File.ReadAllText(setting).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (49152, 65535);
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
