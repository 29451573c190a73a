namespace Ingestion.Dashboard.Telemetry;

/// <summary>The points of one instrument for one set of attribute values, newest last.</summary>
internal sealed class MetricSeries(IReadOnlyList<Tag> attributes, int capacity)
{
    public IReadOnlyList<Tag> Attributes { get; } = attributes;

    public BoundedBuffer<MetricPoint> Points { get; } = new(capacity);

    /// <summary>Series are identified by their attributes, in a canonical order.</summary>
    public static string KeyOf(IReadOnlyList<Tag> attributes) =>
        string.Join('\u001f', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
}
