namespace Ingestion.Dashboard.Telemetry;

/// <summary>Everything one resource reported, each kind bounded by <see cref="TelemetryLimits"/>. Guarded by <see cref="Lock"/>.</summary>
internal sealed class ResourceTelemetry(string name, TelemetryLimits limits)
{
    private readonly Dictionary<string, MetricInstrument> _instruments = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public System.Threading.Lock Lock { get; } = new();

    public BoundedBuffer<SpanRecord> Spans { get; } = new(limits.MaxSpansPerResource);

    public BoundedBuffer<LogEntry> Logs { get; } = new(limits.MaxLogsPerResource);

    public IReadOnlyDictionary<string, MetricInstrument> Instruments => _instruments;

    public void AddMetricPoint(MetricDescriptor descriptor, IReadOnlyList<Tag> attributes, MetricPoint point)
    {
        if (!_instruments.TryGetValue(descriptor.Name, out var instrument))
        {
            if (_instruments.Count >= limits.MaxInstrumentsPerResource)
            {
                var stalest = _instruments.MinBy(i => i.Value.LastPointAt);
                _instruments.Remove(stalest.Key);
            }

            instrument = new MetricInstrument(descriptor, limits);
            _instruments[descriptor.Name] = instrument;
        }

        instrument.Add(descriptor, attributes, point);
    }
}
