using System.Globalization;
using Ingestion.Hosting.Processes;

namespace Ingestion.Hosting.Resources;

/// <summary>A <c>redis-server</c> of this machine on a loopback port, with its own data folder and append-only persistence.</summary>
public sealed class RedisResource(string name, int port) : Resource(name), IResourceWithConnectionString
{
    private const string Executable = "redis-server";

    public int Port { get; } = port;

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override IReadOnlyList<string> Endpoints => [$"tcp://{ConnectionString}"];

    public override void EnsureRunnable()
    {
        if (ExecutableLocator.Find(Executable) is null)
        {
            throw new HostingException($"{Name}: '{Executable}' is not installed. Run 'bash eng/install-servers.sh' (it installs Debian's redis-server).");
        }
    }

    public override ProcessLaunch PrepareLaunch(HostingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.DataFolderOf(Name);
        return new ProcessLaunch(
            ExecutableLocator.Find(Executable)!,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes", "--save", string.Empty, "--daemonize", "no"],
            new Dictionary<string, string>(),
            data);
    }

    public override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Probes.RedisPongsAsync(Port, cancellationToken);
}
