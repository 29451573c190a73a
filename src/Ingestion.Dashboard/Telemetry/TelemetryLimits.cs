using System.ComponentModel.DataAnnotations;

namespace Ingestion.Dashboard.Telemetry;

/// <summary>How much telemetry the dashboard keeps per resource; beyond these the oldest is dropped first.</summary>
public sealed class TelemetryLimits
{
    [Range(100, 1_000_000)]
    public int MaxSpansPerResource { get; set; } = 20_000;

    [Range(100, 1_000_000)]
    public int MaxLogsPerResource { get; set; } = 20_000;

    [Range(10, 100_000)]
    public int MaxPointsPerSeries { get; set; } = 600;

    [Range(1, 10_000)]
    public int MaxSeriesPerInstrument { get; set; } = 50;

    [Range(1, 10_000)]
    public int MaxInstrumentsPerResource { get; set; } = 300;
}
