using System.IO.Compression;
using Google.Protobuf;
using Ingestion.Dashboard.Otlp.Proto.Collector.Logs;
using Ingestion.Dashboard.Otlp.Proto.Collector.Metrics;
using Ingestion.Dashboard.Otlp.Proto.Collector.Trace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP with binary protobuf bodies (<c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>),
/// as the OpenTelemetry .NET exporter sends them with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.
/// </summary>
public static class OtlpHttpEndpoints
{
    private const string ProtobufContentType = "application/x-protobuf";
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOtlpHttp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/traces", (HttpContext context, OtlpIngest ingest) =>
            HandleAsync(context, ExportTraceServiceRequest.Parser, ingest.Export));
        endpoints.MapPost("/v1/metrics", (HttpContext context, OtlpIngest ingest) =>
            HandleAsync(context, ExportMetricsServiceRequest.Parser, ingest.Export));
        endpoints.MapPost("/v1/logs", (HttpContext context, OtlpIngest ingest) =>
            HandleAsync(context, ExportLogsServiceRequest.Parser, ingest.Export));
        return endpoints;
    }

    private static async Task<IResult> HandleAsync<TRequest, TResponse>(HttpContext context, MessageParser<TRequest> parser, Func<TRequest, TResponse> export)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"This receiver reads OTLP/HTTP with {ProtobufContentType} bodies (or OTLP/gRPC on its gRPC port); OTLP/JSON is not supported.");
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Export too large", detail: $"Exports are limited to {MaxBodyBytes} bytes.");
        }

        var body = context.Request.Body;
        if (string.Equals(context.Request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        TRequest request;
        try
        {
            using var buffer = new MemoryStream();
            await body.CopyToAsync(buffer, context.RequestAborted);
            request = parser.ParseFrom(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidDataException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed export", detail: exception.Message);
        }

        var response = export(request);
        return Results.Bytes(response.ToByteArray(), ProtobufContentType);
    }
}
