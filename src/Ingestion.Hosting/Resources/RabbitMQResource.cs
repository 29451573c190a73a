using System.Globalization;
using Ingestion.Hosting.Processes;

namespace Ingestion.Hosting.Resources;

/// <summary>
/// A RabbitMQ node of this machine on a loopback port, with its own node name, data folder,
/// Erlang cookie (HOME) and distribution port, so several can run side by side.
/// </summary>
public sealed class RabbitMQResource(string name, int port, int distributionPort) : Resource(name), IResourceWithConnectionString
{
    /// <summary>Debian's package puts the foreground server script here; it is not on the PATH.</summary>
    private static readonly string[] ServerPlaces = ["/usr/lib/rabbitmq/bin"];
    private const string Executable = "rabbitmq-server";

    public int Port { get; } = port;

    public string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override IReadOnlyList<string> Endpoints => [$"amqp://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"];

    public override void EnsureRunnable()
    {
        if (Locate() is null)
        {
            throw new HostingException($"{Name}: '{Executable}' is not installed. Run 'bash eng/install-servers.sh' (it installs Debian's rabbitmq-server).");
        }
    }

    public override ProcessLaunch PrepareLaunch(HostingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.DataFolderOf(Name);
        var home = Path.Combine(data, "home");
        Directory.CreateDirectory(home);
        var plugins = Path.Combine(data, "enabled_plugins");
        File.WriteAllText(plugins, "[].");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = NodeNameFor(data),
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(data, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(data, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
        };
        return new ProcessLaunch(Locate()!, [], environment, data);
    }

    public override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Probes.TcpAcceptsAsync(Port, cancellationToken);

    /// <summary>
    /// The node's data lives under its name, so the name must stay the same across runs on one data
    /// folder (queued messages survive a restart) and differ between folders (nodes share one epmd).
    /// </summary>
    private string NodeNameFor(string dataFolder)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataFolder)))[..10];
        return $"{Name}-{hash}@localhost";
    }

    private static string? Locate() => ExecutableLocator.Find(Path.Combine(ServerPlaces[0], Executable)) ?? ExecutableLocator.Find(Executable, ServerPlaces);
}
