using Grpc.Core;
using Ingestion.Dashboard.Otlp.Proto.Collector.Metrics;

namespace Ingestion.Dashboard.Otlp;

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>.</summary>
public sealed class OtlpMetricsGrpcService(OtlpIngest ingest) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context) =>
        Task.FromResult(ingest.Export(request));
}
