using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Healthy while the embedded index's writer can make changes durable: it is open (it holds the write lock) and its
/// last add or commit did not fail, so a full disk shows as an unhealthy indexer rather than as failed documents only.
/// </summary>
public sealed class EmbeddedIndexWriterHealthCheck(LuceneChunkIndexWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.Failure is { } failure
            ? HealthCheckResult.Unhealthy($"The embedded index {writer.IndexName} cannot commit: {failure}")
            : HealthCheckResult.Healthy($"Writing the embedded index {writer.IndexName}"));
}
