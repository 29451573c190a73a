using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Hosting.RabbitMQ;

/// <summary>
/// The machine's RabbitMQ node, run by Aspire as an executable on ports DCP allocates, with a node name, data folder,
/// Erlang cookie and port mapper of its own, so several systems can run side by side.
/// </summary>
public sealed class RabbitMQServerResource(string name, string command, string dataFolder)
    : ExecutableResource(name, command, dataFolder), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    /// <summary>The Erlang distribution port, which the node needs but clients never use.</summary>
    public const string DistributionEndpointName = "distribution";

    private EndpointReference? _primaryEndpoint;
    private EndpointReference? _distributionEndpoint;

    public string DataFolder => WorkingDirectory;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public EndpointReference DistributionEndpoint => _distributionEndpoint ??= new(this, DistributionEndpointName);

    /// <summary><c>amqp://guest:guest@host:port</c> (Aspire's container gives a generated password in the same shape).</summary>
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
