using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ingestion.Dashboard.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using DashboardLogLevel = Ingestion.Dashboard.Telemetry.LogLevel;

namespace Ingestion.Dashboard.Tests.Otlp;

/// <summary>
/// The receiver against real OpenTelemetry .NET SDK exports, over both transports the SDK offers:
/// what the SDK sends must be what the store holds. Exports are synchronous (simple processors, a
/// forced flush), so nothing here waits.
/// </summary>
public sealed class OtlpReceiverTests(StandaloneDashboard dashboard) : IClassFixture<StandaloneDashboard>
{
    public static TheoryData<OtlpExportProtocol> Protocols => [OtlpExportProtocol.Grpc, OtlpExportProtocol.HttpProtobuf];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void SpansKeepTheirParentsAttributesEventsAndErrorStatus(OtlpExportProtocol protocol)
    {
        var service = UniqueService();
        var sourceName = $"test.{service}";
        using var source = new ActivitySource(sourceName);
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service, serviceInstanceId: "instance-1"))
            .AddSource(sourceName)
            .AddOtlpExporter(options => Configure(options, protocol, "/v1/traces"))
            .Build())
        {
            using (var parent = source.StartActivity("PUT /api/documents/{id}", ActivityKind.Server))
            {
                parent!.SetTag("http.response.status_code", 202);
                using var child = source.StartActivity("embed");
                child!.SetTag("ingestion.chunks", 3);
                child.AddEvent(new ActivityEvent("batch done", tags: new ActivityTagsCollection { ["batch.size"] = 3 }));
                child.SetStatus(ActivityStatusCode.Error, "model refused the text");
            }

            Assert.True(tracing.ForceFlush(5000));
        }

        var trace = Assert.Single(dashboard.Server.Store.Traces(new TraceQuery(Resource: service)));
        Assert.Equal("PUT /api/documents/{id}", trace.RootName);
        Assert.Equal(2, trace.SpanCount);
        Assert.True(trace.HasError);

        var detail = dashboard.Server.Store.Trace(trace.TraceId)!;
        Assert.Equal(["PUT /api/documents/{id}", "embed"], detail.Spans.Select(s => s.Span.Name));
        Assert.Equal([0, 1], detail.Spans.Select(s => s.Depth));
        var (root, embed) = (detail.Spans[0].Span, detail.Spans[1].Span);
        Assert.Equal(root.SpanId, embed.ParentSpanId);
        Assert.Equal("server", root.Kind);
        Assert.Equal("instance-1", root.Instance);
        Assert.Equal(sourceName, root.Scope);
        Assert.Contains(new Tag("http.response.status_code", "202"), root.Attributes);
        Assert.Contains(new Tag("ingestion.chunks", "3"), embed.Attributes);
        Assert.Equal("error", embed.Status);
        Assert.Equal("model refused the text", embed.StatusMessage);
        var batchDone = Assert.Single(embed.Events);
        Assert.Equal("batch done", batchDone.Name);
        Assert.Contains(new Tag("batch.size", "3"), batchDone.Attributes);
        Assert.True(root.Start <= embed.Start && embed.End <= root.End);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void CountersAndHistogramsBecomeSeriesWithTheValuesRecorded(OtlpExportProtocol protocol)
    {
        var service = UniqueService();
        var meterName = $"test.{service}";
        using var meter = new Meter(meterName);
        var chunks = meter.CreateCounter<long>("test.chunks.embedded", "{chunk}", "Chunks embedded");
        var latency = meter.CreateHistogram<double>("test.search.duration", "s");
        using (var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddMeter(meterName)
            .AddOtlpExporter((options, reader) =>
            {
                Configure(options, protocol, "/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            chunks.Add(3);
            chunks.Add(4);
            latency.Record(0.004, new KeyValuePair<string, object?>("search.mode", "bm25"));
            latency.Record(0.006, new KeyValuePair<string, object?>("search.mode", "bm25"));
            latency.Record(0.120, new KeyValuePair<string, object?>("search.mode", "hybrid"));
            Assert.True(metrics.ForceFlush(5000));
        }

        var instruments = dashboard.Server.Store.Instruments(service);
        var counter = Assert.Single(instruments, i => i.Name == "test.chunks.embedded");
        Assert.Equal(MetricKind.Sum, counter.Kind);
        Assert.Equal("{chunk}", counter.Unit);
        Assert.Equal("Chunks embedded", counter.Description);
        var counterChart = dashboard.Server.Store.Chart(service, "test.chunks.embedded")!;
        Assert.Equal(7, Assert.Single(counterChart.Series).Points[^1].Value);

        var histogram = dashboard.Server.Store.Chart(service, "test.search.duration")!;
        Assert.Equal(MetricKind.Histogram, histogram.Instrument.Kind);
        Assert.Equal(2, histogram.Series.Count);
        var bm25 = Assert.Single(histogram.Series, s => s.Attributes.Contains(new Tag("search.mode", "bm25")));

        // Disposing the provider exports once more; cumulative points are charted per interval, so that one adds nothing.
        Assert.Equal(2UL, bm25.Points.Aggregate(0UL, (total, p) => total + p.Count!.Value));
        Assert.Equal(0.005, bm25.Points.Single(p => p.Count > 0).Value, precision: 6);
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void LogRecordsKeepMessageLevelAttributesAndTheirTrace(OtlpExportProtocol protocol)
    {
        var service = UniqueService();
        using var source = new ActivitySource($"test.{service}");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string traceId;
        using (var loggers = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.IncludeFormattedMessage = true;
            options.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service));
            options.AddOtlpExporter(exporter => Configure(exporter, protocol, "/v1/logs"));
        })))
        {
            var logger = loggers.CreateLogger("Ingestion.Worker.Consumers.DocumentUpsertedConsumer");
            using (var activity = source.StartActivity("consume"))
            {
                traceId = activity!.TraceId.ToHexString();
#pragma warning disable CA1848, CA2254 // A test of what the exporter sends for an ordinary structured log call.
                logger.LogWarning("Indexed {DocumentId} version {Version}", "doc-7", 3);
#pragma warning restore CA1848, CA2254
            }
        }

        var log = Assert.Single(dashboard.Server.Store.Logs(new LogQuery(Resource: service)));
        Assert.Equal("Indexed doc-7 version 3", log.Message);
        Assert.Equal(DashboardLogLevel.Warning, log.Level);
        Assert.Equal(13, log.SeverityNumber);
        Assert.Equal("Ingestion.Worker.Consumers.DocumentUpsertedConsumer", log.Category);
        Assert.Contains(new Tag("DocumentId", "doc-7"), log.Attributes);
        Assert.Contains(new Tag("Version", "3"), log.Attributes);
        Assert.Equal(traceId, log.TraceId);
        Assert.Single(dashboard.Server.Store.Logs(new LogQuery(Text: "doc-7", MinLevel: DashboardLogLevel.Warning, Resource: service)));
        Assert.Empty(dashboard.Server.Store.Logs(new LogQuery(MinLevel: DashboardLogLevel.Error, Resource: service)));
    }

    private static string UniqueService() => $"svc-{Guid.NewGuid():N}"[..16];

    private void Configure(OtlpExporterOptions options, OtlpExportProtocol protocol, string httpPath)
    {
        options.Protocol = protocol;
        options.ExportProcessorType = ExportProcessorType.Simple;

        // Set in code (not from OTEL_EXPORTER_OTLP_ENDPOINT), the HTTP exporter takes the signal's full URL.
        options.Endpoint = protocol == OtlpExportProtocol.Grpc
            ? dashboard.Server.OtlpGrpcEndpoint
            : new Uri(dashboard.Server.OtlpHttpEndpoint, httpPath);
    }
}
