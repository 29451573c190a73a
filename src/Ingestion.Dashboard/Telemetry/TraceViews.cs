namespace Ingestion.Dashboard.Telemetry;

/// <summary>What the trace list shows of one trace.</summary>
public sealed record TraceSummary(
    string TraceId,
    string RootName,
    string RootResource,
    DateTimeOffset Start,
    TimeSpan Duration,
    int SpanCount,
    IReadOnlyList<string> Resources,
    bool HasError);

/// <summary>Filters of the trace list; all optional.</summary>
public sealed record TraceQuery(string? Resource = null, string? Text = null, bool ErrorsOnly = false, int Limit = 200);

/// <summary>One trace as a waterfall: its spans in tree order, each with its depth.</summary>
public sealed record TraceDetail(string TraceId, DateTimeOffset Start, TimeSpan Duration, IReadOnlyList<TraceSpan> Spans);

public sealed record TraceSpan(SpanRecord Span, int Depth);
