using Grpc.Core;
using Ingestion.Dashboard.Otlp.Proto.Collector.Trace;

namespace Ingestion.Dashboard.Otlp;

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>.</summary>
public sealed class OtlpTraceGrpcService(OtlpIngest ingest) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context) =>
        Task.FromResult(ingest.Export(request));
}
