using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Hosting.RabbitMQ;

/// <summary>
/// Healthy when a loopback TCP port accepts a connection (Erlang's port mapper, which speaks no protocol a check could
/// ask more of). A refused or unreachable port is Unhealthy with the reason, as the other resources' checks report it:
/// thrown, it was logged as an error with a stack trace at every start and stop of the system.
/// </summary>
public sealed class PortAcceptsHealthCheck(string what, Func<int> port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var number = port();
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", number, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"{what} does not accept connections on 127.0.0.1:{number} ({e.SocketErrorCode}).");
        }
    }
}
