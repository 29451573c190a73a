namespace Ingestion.Dashboard.Telemetry;

/// <summary>What the metrics view lists of one instrument.</summary>
public sealed record InstrumentSummary(string Name, string Description, string Unit, MetricKind Kind, string Scope, int SeriesCount, int PointCount);

/// <summary>One instrument's series ready to chart: one value per point (for histograms, per-interval percentiles).</summary>
public sealed record InstrumentChart(InstrumentSummary Instrument, IReadOnlyList<ChartSeries> Series);

public sealed record ChartSeries(IReadOnlyList<Tag> Attributes, IReadOnlyList<ChartPoint> Points);

/// <summary>A point of a chart; for histograms <see cref="Value"/> is the interval's mean and the percentiles are estimates from the buckets.</summary>
public sealed record ChartPoint(DateTimeOffset Time, double Value, ulong? Count = null, double? P50 = null, double? P95 = null, double? P99 = null);
