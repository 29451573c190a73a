using Grpc.Core;
using Ingestion.Dashboard.Otlp.Proto.Collector.Logs;

namespace Ingestion.Dashboard.Otlp;

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.logs.v1.LogsService/Export</c>.</summary>
public sealed class OtlpLogsGrpcService(OtlpIngest ingest) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context) =>
        Task.FromResult(ingest.Export(request));
}
