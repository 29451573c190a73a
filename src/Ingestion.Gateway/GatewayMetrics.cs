using System.Diagnostics.Metrics;
using Ingestion.Core.Telemetry;

namespace Ingestion.Gateway;

/// <summary>The gateway's instruments; their names live in <see cref="IngestionTelemetry"/>.</summary>
public sealed class GatewayMetrics
{
    private readonly Histogram<double> _searchDuration;
    private readonly Counter<long> _resultCacheHits;
    private readonly Counter<long> _resultCacheMisses;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(IngestionTelemetry.MeterName);
        _searchDuration = meter.CreateHistogram<double>(IngestionTelemetry.SearchDuration, "s", "Search latency by mode");
        _resultCacheHits = meter.CreateCounter<long>(IngestionTelemetry.SearchCacheHits, "{search}", "Searches answered from the result cache");
        _resultCacheMisses = meter.CreateCounter<long>(IngestionTelemetry.SearchCacheMisses, "{search}", "Searches the result cache could not answer");
    }

    public void ResultCacheLookedUp(bool hit) => (hit ? _resultCacheHits : _resultCacheMisses).Add(1);

    public void Searched(string mode, TimeSpan duration) =>
        _searchDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("search.mode", mode));
}
