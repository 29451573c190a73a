using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Cluster;
using Elastic.Transport;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ClusterHealth = Elastic.Clients.Elasticsearch.HealthStatus;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// Healthy while the cluster's health is yellow or green, asked through Elastic's client with the connection's
/// credentials. Takes the connection string in both forms the services take (<c>http://user:password@host:9200</c>,
/// or <c>Endpoint=…;ApiKey=…</c>), which may only be known once the resource has started. The AppHost's cluster and
/// node resources use it, so both sides read the setting alike.
/// </summary>
public sealed class ElasticsearchClusterHealthCheck(Func<string?> connectionString) : IHealthCheck
{
    private ElasticsearchClient? _client;
    private string? _clientFor;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connectionString() is not { Length: > 0 } given)
        {
            return HealthCheckResult.Unhealthy("The cluster has no address yet.");
        }

        var client = ClientFor(given);
        var response = await client.Cluster.HealthAsync(new HealthRequest { WaitForStatus = ClusterHealth.Yellow, Timeout = "1s" }, cancellationToken);
        if (!response.IsValidResponse)
        {
            var details = response.ApiCallDetails;
            return HealthCheckResult.Unhealthy(details?.HttpStatusCode is { } status
                ? $"_cluster/health answered {status} (status {response.Status.ToString().ToLowerInvariant()})."
                : $"The cluster does not answer: {details?.OriginalException?.Message}", details?.OriginalException);
        }

        var health = response.Status.ToString().ToLowerInvariant();
        return response.Status is ClusterHealth.Green or ClusterHealth.Yellow
            ? HealthCheckResult.Healthy($"cluster {health}")
            : HealthCheckResult.Unhealthy($"cluster {health}");
    }

    private ElasticsearchClient ClientFor(string given)
    {
        if (_client is null || _clientFor != given)
        {
            var connection = ElasticsearchConnection.Parse(given);
            var settings = new ElasticsearchClientSettings(new SingleNodePool(connection.Endpoint)).RequestTimeout(TimeSpan.FromSeconds(5));
            if (connection.Authentication is { } authentication)
            {
                settings.Authentication(authentication);
            }

            (_client, _clientFor) = (new ElasticsearchClient(settings), given);
        }

        return _client;
    }
}
