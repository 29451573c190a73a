namespace Ingestion.Dashboard.Telemetry;

/// <summary>
/// One exported value of a series: a number for gauges and sums, or a histogram's count, sum and
/// bucket counts (cumulative or delta, as the instrument says).
/// </summary>
public sealed record MetricPoint
{
    public required DateTimeOffset Time { get; init; }

    public double? Value { get; init; }

    public ulong Count { get; init; }

    public double Sum { get; init; }

    public IReadOnlyList<ulong> BucketCounts { get; init; } = [];

    public IReadOnlyList<double> ExplicitBounds { get; init; } = [];
}
