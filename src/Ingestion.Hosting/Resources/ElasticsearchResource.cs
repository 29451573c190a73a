using System.Globalization;
using Ingestion.Hosting.Processes;

namespace Ingestion.Hosting.Resources;

/// <summary>
/// Elasticsearch as the chunk store: an existing cluster given by URL (not started here: its state is what its
/// health says), or a local <c>elasticsearch</c> binary from the PATH, run as a single node on loopback with its
/// own data folder and security off. Ready when the cluster health is at least yellow.
/// </summary>
public sealed class ElasticsearchResource : Resource, IResourceWithConnectionString
{
    private const string Executable = "elasticsearch";
    private readonly Uri? _existing;
    private readonly int _httpPort;
    private readonly int _transportPort;

    /// <summary>An existing cluster, such as <c>http://elastic:password@search.internal:9200</c>.</summary>
    public ElasticsearchResource(string name, Uri existing)
        : base(name) => _existing = existing;

    /// <summary>A node started from the local <c>elasticsearch</c> binary on the given loopback ports.</summary>
    public ElasticsearchResource(string name, int httpPort, int transportPort)
        : base(name)
    {
        _httpPort = httpPort;
        _transportPort = transportPort;
    }

    public override bool IsExternal => _existing is not null;

    public string ConnectionString => _existing?.ToString() ?? $"http://127.0.0.1:{_httpPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The cluster's address without credentials, for display.</summary>
    public override IReadOnlyList<string> Endpoints => [new UriBuilder(ConnectionString) { UserName = string.Empty, Password = string.Empty }.Uri.ToString()];

    public override void EnsureRunnable()
    {
        if (_existing is null && ExecutableLocator.Find(Executable) is null)
        {
            throw new HostingException(
                $"{Name}: '{Executable}' is not on the PATH. Give an existing cluster instead (ConnectionStrings__{Name}=http://user:password@host:9200), or use the embedded store (leave AppHost:SearchStore unset).");
        }
    }

    public override ProcessLaunch PrepareLaunch(HostingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.DataFolderOf(Name);
        string Setting(string key, string value) => $"-E{key}={value}";
        return new ProcessLaunch(
            ExecutableLocator.Find(Executable) ?? throw new HostingException($"{Name}: '{Executable}' is not on the PATH."),
            [
                Setting("cluster.name", "ingestion"),
                Setting("node.name", Name),
                Setting("discovery.type", "single-node"),
                Setting("network.host", "127.0.0.1"),
                Setting("http.port", _httpPort.ToString(CultureInfo.InvariantCulture)),
                Setting("transport.port", _transportPort.ToString(CultureInfo.InvariantCulture)),
                Setting("path.data", Path.Combine(data, "data")),
                Setting("path.logs", Path.Combine(data, "logs")),
                Setting("xpack.security.enabled", "false"),
            ],
            // A small heap for a developer's node unless the user chose one.
            new Dictionary<string, string> { ["ES_JAVA_OPTS"] = System.Environment.GetEnvironmentVariable("ES_JAVA_OPTS") ?? "-Xms1g -Xmx1g" },
            data);
    }

    public override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        Probes.HttpHealthyAsync(new Uri(new Uri(ConnectionString), "_cluster/health?wait_for_status=yellow&timeout=1s"), cancellationToken);
}
