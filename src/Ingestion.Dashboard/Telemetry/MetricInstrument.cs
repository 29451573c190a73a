namespace Ingestion.Dashboard.Telemetry;

/// <summary>An instrument of one resource (name, unit, kind) with its series, each bounded.</summary>
internal sealed class MetricInstrument(MetricDescriptor descriptor, TelemetryLimits limits)
{
    private readonly Dictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    public MetricDescriptor Descriptor { get; private set; } = descriptor;

    public IEnumerable<MetricSeries> Series => _series.Values;

    public DateTimeOffset LastPointAt { get; private set; }

    public void Add(MetricDescriptor descriptor, IReadOnlyList<Tag> attributes, MetricPoint point)
    {
        Descriptor = descriptor;
        var key = MetricSeries.KeyOf(attributes);
        if (!_series.TryGetValue(key, out var series))
        {
            if (_series.Count >= limits.MaxSeriesPerInstrument)
            {
                // Too many attribute combinations: drop the series that was updated least recently.
                var stalest = _series.MinBy(s => s.Value.Points.Items.LastOrDefault()?.Time ?? DateTimeOffset.MinValue);
                _series.Remove(stalest.Key);
            }

            series = new MetricSeries(attributes, limits.MaxPointsPerSeries);
            _series[key] = series;
        }

        series.Points.Add(point);
        LastPointAt = point.Time;
    }
}

/// <summary>What an instrument is: its name, description, unit, kind and whether its values accumulate.</summary>
public sealed record MetricDescriptor(string Name, string Description, string Unit, MetricKind Kind, bool IsCumulative, string Scope);
