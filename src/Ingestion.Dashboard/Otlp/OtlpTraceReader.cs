using Ingestion.Dashboard.Otlp.Proto.Collector.Trace;
using Ingestion.Dashboard.Otlp.Proto.Trace;
using Ingestion.Dashboard.Telemetry;

namespace Ingestion.Dashboard.Otlp;

/// <summary>Turns an OTLP trace export into the dashboard's span records; spans without valid ids are rejected.</summary>
internal static class OtlpTraceReader
{
    public static (List<SpanRecord> Spans, int Rejected) Read(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>();
        var rejected = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (service, instance) = OtlpValues.ServiceOf(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    if (OtlpValues.Id(span.TraceId) is not { } traceId || OtlpValues.Id(span.SpanId) is not { } spanId)
                    {
                        rejected++;
                        continue;
                    }

                    spans.Add(new SpanRecord
                    {
                        TraceId = traceId,
                        SpanId = spanId,
                        ParentSpanId = OtlpValues.Id(span.ParentSpanId),
                        Name = span.Name,
                        Kind = KindOf(span.Kind),
                        Resource = service,
                        Instance = instance,
                        Scope = scopeSpans.Scope?.Name,
                        Start = OtlpValues.Time(span.StartTimeUnixNano),
                        End = OtlpValues.Time(Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano)),
                        Attributes = OtlpValues.Attributes(span.Attributes),
                        Events = [.. span.Events.Select(e => new SpanEvent(e.Name, OtlpValues.Time(e.TimeUnixNano), OtlpValues.Attributes(e.Attributes)))],
                        Links = [.. span.Links.Where(l => OtlpValues.Id(l.TraceId) is not null && OtlpValues.Id(l.SpanId) is not null)
                            .Select(l => new SpanLink(OtlpValues.Id(l.TraceId)!, OtlpValues.Id(l.SpanId)!))],
                        Status = span.Status?.Code switch
                        {
                            Status.Types.StatusCode.Error => "error",
                            Status.Types.StatusCode.Ok => "ok",
                            _ => "unset",
                        },
                        StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                    });
                }
            }
        }

        return (spans, rejected);
    }

    private static string KindOf(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "internal",
    };
}
