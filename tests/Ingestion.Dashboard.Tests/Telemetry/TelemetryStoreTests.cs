using Ingestion.Dashboard.Telemetry;

namespace Ingestion.Dashboard.Tests.Telemetry;

public sealed class TelemetryStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AResourceOverItsSpanLimitLosesItsOldestSpansFirst()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpansPerResource = 100 });
        store.AddSpans(Enumerable.Range(0, 150).Select(i => Span("worker", $"trace{i:D3}", $"span{i:D3}", null, i)));

        var held = store.Traces(new TraceQuery(Limit: 1000));
        Assert.Equal(100, held.Count);
        Assert.Equal(Enumerable.Range(50, 100).Select(i => $"trace{i:D3}").Order(), held.Select(t => t.TraceId).Order());
    }

    [Fact]
    public void LimitsArePerResourceSoANoisyServiceCannotEvictAnother()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpansPerResource = 100, MaxLogsPerResource = 100 });
        store.AddSpans([Span("gateway", "quiet", "q1", null, 0)]);
        store.AddLogs([Log("gateway", "quiet log", 0)]);
        store.AddSpans(Enumerable.Range(0, 500).Select(i => Span("worker", $"noisy{i}", $"n{i}", null, i)));
        store.AddLogs(Enumerable.Range(0, 500).Select(i => Log("worker", $"noisy log {i}", i)));

        Assert.NotNull(store.Trace("quiet"));
        Assert.Single(store.Logs(new LogQuery(Resource: "gateway")));
        Assert.Equal(100, store.Logs(new LogQuery(Resource: "worker", Limit: 1000)).Count);
        Assert.Equal("noisy log 499", store.Logs(new LogQuery(Resource: "worker"))[0].Message);
    }

    [Fact]
    public void ASeriesKeepsItsNewestPointsWithinTheLimit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxPointsPerSeries = 10 });
        var descriptor = new MetricDescriptor("ingestion.documents.ingested", string.Empty, "{document}", MetricKind.Sum, true, "Ingestion");
        store.AddMetricSamples("worker", Enumerable.Range(1, 25).Select(i =>
            new MetricSample(descriptor, [], new MetricPoint { Time = T0.AddSeconds(i), Value = i })));

        var points = Assert.Single(store.Chart("worker", descriptor.Name)!.Series).Points;
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public void AWaterfallListsChildrenUnderTheirParentsInStartOrder()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        store.AddSpans(
        [
            Span("worker", "t", "index", "consume", 40),
            Span("gateway", "t", "put", null, 0),
            Span("worker", "t", "consume", "publish", 20),
            Span("worker", "t", "embed", "consume", 30),
            Span("gateway", "t", "publish", "put", 10),
        ]);

        var trace = store.Trace("t")!;
        Assert.Equal(["put", "publish", "consume", "embed", "index"], trace.Spans.Select(s => s.Span.SpanId));
        Assert.Equal([0, 1, 2, 3, 3], trace.Spans.Select(s => s.Depth));
        var summary = Assert.Single(store.Traces(new TraceQuery()));
        Assert.Equal(["gateway", "worker"], summary.Resources);
        Assert.Equal("put", summary.RootName);
    }

    [Fact]
    public void PercentilesAreInterpolatedInsideTheBucketThatHoldsThem()
    {
        // 10 values in (0, 10], 80 in (10, 20], 10 in (20, 50]: the median is the middle of the second bucket.
        var store = new TelemetryStore(new TelemetryLimits());
        var descriptor = new MetricDescriptor("latency", string.Empty, "ms", MetricKind.Histogram, IsCumulative: false, "Ingestion");
        store.AddMetricSamples("gateway",
            [new MetricSample(descriptor, [], new MetricPoint { Time = T0, Count = 100, Sum = 1500, BucketCounts = [10, 80, 10, 0], ExplicitBounds = [10, 20, 50] })]);

        var point = Assert.Single(Assert.Single(store.Chart("gateway", "latency")!.Series).Points);
        Assert.Equal(15, point.P50);
        Assert.Equal(35, point.P95);
        Assert.Equal(15, point.Value);
    }

    [Fact]
    public void CumulativeHistogramsAreChartedPerInterval()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        var descriptor = new MetricDescriptor("ingestion.search.duration", string.Empty, "s", MetricKind.Histogram, true, "Ingestion");
        store.AddMetricSamples("gateway",
        [
            new MetricSample(descriptor, [], new MetricPoint { Time = T0, Count = 2, Sum = 2, BucketCounts = [2, 0], ExplicitBounds = [1] }),
            new MetricSample(descriptor, [], new MetricPoint { Time = T0.AddSeconds(1), Count = 5, Sum = 11, BucketCounts = [2, 3], ExplicitBounds = [1] }),
        ]);

        var points = Assert.Single(store.Chart("gateway", descriptor.Name)!.Series).Points;
        Assert.Equal([2UL, 3UL], points.Select(p => p.Count!.Value));
        Assert.Equal([1.0, 3.0], points.Select(p => p.Value));
    }

    private static SpanRecord Span(string resource, string traceId, string spanId, string? parent, int startMs) => new()
    {
        TraceId = traceId,
        SpanId = spanId,
        ParentSpanId = parent,
        Name = spanId,
        Kind = "internal",
        Resource = resource,
        Start = T0.AddMilliseconds(startMs),
        End = T0.AddMilliseconds(startMs + 5),
        Attributes = [],
    };

    private static LogEntry Log(string resource, string message, int ms) => new()
    {
        Time = T0.AddMilliseconds(ms),
        Resource = resource,
        SeverityNumber = 9,
        Level = Ingestion.Dashboard.Telemetry.LogLevel.Information,
        Message = message,
        Attributes = [],
    };
}
