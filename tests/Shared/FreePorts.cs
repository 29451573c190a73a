using System.Net;
using System.Net.Sockets;

namespace Ingestion.Tests.Shared;

/// <summary>Ports nothing listens on now, chosen by the kernel (port 0), for servers a test starts itself.</summary>
public static class FreePorts
{
    public static int One() => Take(1)[0];

    /// <summary>Distinct ports: every listener is held open until all are chosen, so none is handed out twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
