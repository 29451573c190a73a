namespace Ingestion.Dashboard.Telemetry;

/// <summary>One point of one series of one instrument, as received.</summary>
public sealed record MetricSample(MetricDescriptor Descriptor, IReadOnlyList<Tag> Attributes, MetricPoint Point);
