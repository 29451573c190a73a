namespace Ingestion.Dashboard.Telemetry;

public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
}
