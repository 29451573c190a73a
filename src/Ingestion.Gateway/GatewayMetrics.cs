using System.Diagnostics.Metrics;
using Ingestion.Core.Telemetry;

namespace Ingestion.Gateway;

/// <summary>The gateway's instruments; their names live in <see cref="IngestionTelemetry"/>.</summary>
public sealed class GatewayMetrics
{
    private readonly Histogram<double> _searchDuration;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _searchDuration = meterFactory.Create(IngestionTelemetry.MeterName)
            .CreateHistogram<double>(IngestionTelemetry.SearchDuration, "s", "Search latency by mode");
    }

    public void Searched(string mode, TimeSpan duration) =>
        _searchDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("search.mode", mode));
}
