using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Index.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Hosting.Elasticsearch;

public static class ElasticsearchBuilderExtensions
{
    /// <summary>
    /// An existing Elasticsearch cluster named by <c>ConnectionStrings:{name}</c>: not started here, its state is what its
    /// health says (yellow or green is healthy), so <c>WaitFor</c> waits for a usable cluster.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddElasticsearchCluster(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration.GetConnectionString(name);
        var healthCheck = $"{name}-cluster-health";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheck, new ElasticsearchClusterHealthCheck(() => connectionString), failureStatus: null, tags: null));
        return builder.AddConnectionString(name).WithHealthCheck(healthCheck);
    }

    /// <summary>A single local node from an <c>elasticsearch</c> binary on the PATH, with its data under <paramref name="dataRoot"/>/<paramref name="name"/> and a small heap unless <c>ES_JAVA_OPTS</c> says otherwise.</summary>
    public static IResourceBuilder<ElasticsearchNodeResource> AddElasticsearchNode(this IDistributedApplicationBuilder builder, [ResourceName] string name, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var command = ServerExecutables.Find("elasticsearch")
            ?? throw new HostingException($"{name}: 'elasticsearch' is not on the PATH. Give an existing cluster instead (ConnectionStrings__{name}=http://user:password@host:9200), or use the embedded store (leave AppHost:SearchStore unset).");
        var data = Path.Combine(dataRoot, name);
        var node = new ElasticsearchNodeResource(name, command, data);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(node, async (_, cancellationToken) =>
            connectionString = await node.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var healthCheck = $"{name}-cluster-health";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            healthCheck, new ElasticsearchClusterHealthCheck(() => connectionString), failureStatus: null, tags: null));

        var resource = builder.AddResource(node)
            .WithHttpEndpoint(name: ElasticsearchNodeResource.HttpEndpointName)
            .WithEndpoint(ElasticsearchNodeResource.HttpEndpointName, endpoint => endpoint.TargetHost = "127.0.0.1")
            .WithEndpoint(name: ElasticsearchNodeResource.TransportEndpointName, scheme: "tcp", isProxied: false)
            .WithEndpoint(ElasticsearchNodeResource.TransportEndpointName, endpoint =>
            {
                endpoint.TargetHost = "127.0.0.1";
                endpoint.ExcludeReferenceEndpoint = true;
            });
        var transport = resource.GetEndpoint(ElasticsearchNodeResource.TransportEndpointName);
        return resource
            .WithArgs(
                "-Ecluster.name=ingestion",
                $"-Enode.name={name}",
                "-Ediscovery.type=single-node",
                "-Enetwork.host=127.0.0.1",
                ReferenceExpression.Create($"-Ehttp.port={node.HttpEndpoint.Property(EndpointProperty.TargetPort)}"),
                ReferenceExpression.Create($"-Etransport.port={transport.Property(EndpointProperty.TargetPort)}"),
                $"-Epath.data={Path.Combine(data, "data")}",
                $"-Epath.logs={Path.Combine(data, "logs")}",
                "-Expack.security.enabled=false")
            .WithEnvironment("ES_JAVA_OPTS", Environment.GetEnvironmentVariable("ES_JAVA_OPTS") ?? "-Xms1g -Xmx1g")
            .OnBeforeResourceStarted((r, _, _) =>
            {
                Directory.CreateDirectory(r.DataFolder);
                return Task.CompletedTask;
            })
            .WithHealthCheck(healthCheck)
            .WithIconName("DatabaseSearch");
    }
}
