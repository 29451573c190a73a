using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ingestion.Hosting.RabbitMQ;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.IntegrationTests.Hosting;

/// <summary>The port mapper's check reports a closed port as Unhealthy with its reason instead of throwing (which the health check service logs as an error with a stack trace).</summary>
public sealed class PortAcceptsHealthCheckTests
{
    [Fact]
    public async Task APortThatAcceptsIsHealthyAndAClosedOneUnhealthyWithItsReasonWithoutThrowing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closed = FreePort();

        var accepting = await Check(open);
        var refusing = await Check(closed);

        Assert.Equal(HealthStatus.Healthy, accepting.Status);
        Assert.Equal(HealthStatus.Unhealthy, refusing.Status);
        Assert.Contains(closed.ToString(CultureInfo.InvariantCulture), refusing.Description, StringComparison.Ordinal);
        Assert.Contains("port mapper", refusing.Description, StringComparison.Ordinal);
    }

    private static Task<HealthCheckResult> Check(int port)
    {
        var check = new PortAcceptsHealthCheck("Erlang's port mapper", () => port);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("epmd", check, HealthStatus.Unhealthy, null) };
        return check.CheckHealthAsync(context, CancellationToken.None);
    }

    /// <summary>A loopback port nothing listens on: one the system just handed out and that was closed again.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
