using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Hosting.Redis;

/// <summary>The machine's <c>redis-server</c>, run by Aspire as an executable on a port DCP allocates, with its data under a folder of its own.</summary>
public sealed class RedisServerResource(string name, string command, string dataFolder)
    : ExecutableResource(name, command, dataFolder), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public string DataFolder => WorkingDirectory;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    /// <summary><c>host:port</c>, the shape StackExchange.Redis parses (Aspire's container adds <c>,password=…</c>; both are accepted).</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
