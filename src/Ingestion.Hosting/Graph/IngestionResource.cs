using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Hosting.Graph;

/// <summary>
/// The whole system as one resource of an AppHost: its connection string is the gateway's address, so
/// <c>WithReference(ingestion)</c> gives an app <c>ConnectionStrings__&lt;name&gt;</c> for <c>AddIngestionClient</c>;
/// the servers and services it runs are its children in the dashboard.
/// </summary>
public sealed class IngestionResource(string name) : Resource(name), IResourceWithConnectionString
{
    /// <summary>The gateway, the one way in (HTTP API and MCP).</summary>
    public IResourceBuilder<ProjectResource> Gateway { get; internal set; } = null!;

    /// <summary>The embedding workers (one resource, <see cref="IngestionResourceBuilderExtensions.WithWorkers"/> replicas).</summary>
    public IResourceBuilder<ProjectResource> Worker { get; internal set; } = null!;

    /// <summary>The single index writer.</summary>
    public IResourceBuilder<ProjectResource> Indexer { get; internal set; } = null!;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Gateway.Resource.GetEndpoint("http")}");
}
