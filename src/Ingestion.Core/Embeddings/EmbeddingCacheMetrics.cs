using System.Diagnostics.Metrics;
using Ingestion.Core.Telemetry;

namespace Ingestion.Core.Embeddings;

/// <summary>Hits and misses of the embedding cache, in whichever service looks it up (workers for chunks, the gateway for queries).</summary>
public sealed class EmbeddingCacheMetrics
{
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;

    public EmbeddingCacheMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(IngestionTelemetry.MeterName);
        _hits = meter.CreateCounter<long>(IngestionTelemetry.EmbeddingCacheHits, "{text}", "Texts whose vector came from the embedding cache");
        _misses = meter.CreateCounter<long>(IngestionTelemetry.EmbeddingCacheMisses, "{text}", "Texts the embedding cache did not have (or could not be asked for)");
    }

    public void LookedUp(bool hit) => (hit ? _hits : _misses).Add(1);
}
