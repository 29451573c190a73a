using Ingestion.Dashboard.Otlp.Proto.Collector.Logs;
using Ingestion.Dashboard.Otlp.Proto.Collector.Metrics;
using Ingestion.Dashboard.Otlp.Proto.Collector.Trace;
using Ingestion.Dashboard.Telemetry;

namespace Ingestion.Dashboard.Otlp;

/// <summary>Stores the three OTLP export requests; shared by the gRPC services and the HTTP/protobuf endpoints.</summary>
public sealed class OtlpIngest(TelemetryStore store)
{
    public ExportTraceServiceResponse Export(ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (spans, rejected) = OtlpTraceReader.Read(request);
        store.AddSpans(spans);
        var response = new ExportTraceServiceResponse();
        if (rejected > 0)
        {
            response.PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = "Spans need a 16-byte trace id and an 8-byte span id." };
        }

        return response;
    }

    public ExportLogsServiceResponse Export(ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        store.AddLogs(OtlpLogReader.Read(request));
        return new ExportLogsServiceResponse();
    }

    public ExportMetricsServiceResponse Export(ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (resource, samples) in OtlpMetricReader.Read(request))
        {
            store.AddMetricSamples(resource, samples);
        }

        return new ExportMetricsServiceResponse();
    }
}
