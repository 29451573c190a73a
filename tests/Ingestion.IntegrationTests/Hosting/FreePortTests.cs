using System.Net;
using System.Net.Sockets;
using Ingestion.Hosting.Processes;

namespace Ingestion.IntegrationTests.Hosting;

public sealed class FreePortTests
{
    [Fact]
    public void PortsComeFromBelowTheEphemeralRangeAndCanBeBound()
    {
        var (low, _) = FreePort.EphemeralRange();
        var ports = Enumerable.Range(0, 20).Select(_ => FreePort.Next()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 10_000, low - 1));
        using var listener = new TcpListener(IPAddress.Loopback, ports[0]);
        listener.Start(); // nobody else holds it
        Assert.True(ports.Distinct().Count() > 1, "ports are spread, not one fixed port");
    }
}
