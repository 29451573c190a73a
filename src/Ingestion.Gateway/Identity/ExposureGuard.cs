using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// Stops a single-user gateway (no key, no token issuer) that listens beyond this machine: on loopback only the
/// machine's own users (and, through <c>AllowedHosts</c>, no web page by DNS rebinding) reach it, but bound to another
/// address anyone on the network could read every document and change the corpus. Checked once the server has bound,
/// on the addresses it really listens on; a single-user gateway says so at start.
/// </summary>
internal sealed class ExposureGuard(IServer server, GatewayIdentity identity, ILogger<ExposureGuard> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (identity.Enabled)
        {
            return Task.CompletedTask;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (addresses.FirstOrDefault(a => !IsLoopback(a)) is { } exposed)
        {
            throw new InvalidOperationException(
                $"The gateway listens on {exposed}, which is reachable beyond this machine, and knows no identities: configure Gateway:Keys (or Gateway:ApiKey) or Gateway:Tokens so every request needs a credential, or listen on loopback only.");
        }

        logger.LogWarning("Single-user gateway: no API keys (Gateway:Keys) and no token issuer (Gateway:Tokens) are configured, so anyone on this machine may read every document and change any; documents are public by default");
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
