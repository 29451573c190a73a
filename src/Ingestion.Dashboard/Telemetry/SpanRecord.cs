namespace Ingestion.Dashboard.Telemetry;

/// <summary>One finished span as the dashboard keeps it: ids in hex, times in UTC, attributes as text.</summary>
public sealed record SpanRecord
{
    public required string TraceId { get; init; }

    public required string SpanId { get; init; }

    public string? ParentSpanId { get; init; }

    public required string Name { get; init; }

    public required string Kind { get; init; }

    /// <summary>The service (OTLP <c>service.name</c>) that reported the span.</summary>
    public required string Resource { get; init; }

    public string? Instance { get; init; }

    public string? Scope { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required DateTimeOffset End { get; init; }

    public required IReadOnlyList<Tag> Attributes { get; init; }

    public IReadOnlyList<SpanEvent> Events { get; init; } = [];

    public IReadOnlyList<SpanLink> Links { get; init; } = [];

    /// <summary><c>unset</c>, <c>ok</c> or <c>error</c>.</summary>
    public string Status { get; init; } = "unset";

    public string? StatusMessage { get; init; }

    public bool IsError => Status == "error";

    public TimeSpan Duration => End - Start;
}

/// <summary>An attribute (OpenTelemetry .NET calls them tags): a key and its value rendered as text (arrays and maps as JSON-like text).</summary>
public sealed record Tag(string Key, string Value);

public sealed record SpanEvent(string Name, DateTimeOffset Time, IReadOnlyList<Tag> Attributes);

public sealed record SpanLink(string TraceId, string SpanId);
