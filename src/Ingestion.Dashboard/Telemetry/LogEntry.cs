namespace Ingestion.Dashboard.Telemetry;

/// <summary>One OTLP log record as the dashboard keeps it.</summary>
public sealed record LogEntry
{
    public required DateTimeOffset Time { get; init; }

    public required string Resource { get; init; }

    public string? Instance { get; init; }

    /// <summary>The logger's category (the OTLP instrumentation scope).</summary>
    public string? Category { get; init; }

    /// <summary>OTLP severity number, 1 (trace) to 24 (fatal); 0 when not given.</summary>
    public required int SeverityNumber { get; init; }

    public required LogLevel Level { get; init; }

    public required string Message { get; init; }

    public required IReadOnlyList<Tag> Attributes { get; init; }

    public string? TraceId { get; init; }

    public string? SpanId { get; init; }
}
