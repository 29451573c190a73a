using Ingestion.Core.Embeddings;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Index.Elasticsearch;

/// <summary>Ready once the index behind the alias is open (created if missing) and holds vectors of this model.</summary>
public sealed class ElasticsearchHealthCheck(ElasticsearchIndex index) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return HealthCheckResult.Healthy($"Elasticsearch index {await index.NameAsync(cancellationToken)} behind alias {index.Alias}");
        }
        catch (Exception e) when (e is ElasticsearchException or Elastic.Transport.TransportException or EmbeddingModelMismatchException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Elasticsearch is not usable: {e.Message}", e);
        }
    }
}
