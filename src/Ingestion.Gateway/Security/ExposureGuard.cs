using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Security;

/// <summary>
/// Stops a gateway that listens beyond this machine without <c>Gateway:ApiKey</c>: on loopback only the machine's
/// own users (and, through <c>AllowedHosts</c>, no web page by DNS rebinding) reach it, but bound to another
/// address anyone on the network could change the corpus and drive paid asks. Checked once the server has bound,
/// on the addresses it really listens on.
/// </summary>
internal sealed class ExposureGuard(IServer server, IOptions<GatewayOptions> options) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (options.Value.ApiKey is null && addresses.FirstOrDefault(a => !IsLoopback(a)) is { } exposed)
        {
            throw new InvalidOperationException(
                $"The gateway listens on {exposed}, which is reachable beyond this machine, and Gateway:ApiKey is not set: set Gateway:ApiKey (at least 16 characters) to require it for document changes and asks, or listen on loopback only.");
        }

        return Task.CompletedTask;
    }

    /// <summary>Whether a listening address (<c>http://host:port</c>, where the host may be <c>+</c>, <c>*</c> or <c>[::]</c>) admits only this machine.</summary>
    internal static bool IsLoopback(string address)
    {
        var host = address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':', '/')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
