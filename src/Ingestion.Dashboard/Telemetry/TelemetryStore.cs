using System.Collections.Concurrent;

namespace Ingestion.Dashboard.Telemetry;

/// <summary>
/// Spans, logs and metric points received over OTLP, kept per resource within <see cref="TelemetryLimits"/>
/// (oldest dropped first), and the queries the dashboard's views make of them.
/// </summary>
public sealed class TelemetryStore(TelemetryLimits limits)
{
    private readonly ConcurrentDictionary<string, ResourceTelemetry> _resources = new(StringComparer.Ordinal);
    private long _spansVersion;
    private long _logsVersion;
    private long _metricsVersion;

    /// <summary>Change counters, so live views know when to fetch again.</summary>
    public TelemetryVersions Versions => new(Interlocked.Read(ref _spansVersion), Interlocked.Read(ref _logsVersion), Interlocked.Read(ref _metricsVersion));

    public IReadOnlyList<string> ResourceNames => [.. _resources.Keys.Order(StringComparer.Ordinal)];

    public void AddSpans(IEnumerable<SpanRecord> spans)
    {
        AddPerResource(spans, s => s.Resource, r => r.Spans);
        Interlocked.Increment(ref _spansVersion);
    }

    public void AddLogs(IEnumerable<LogEntry> logs)
    {
        AddPerResource(logs, l => l.Resource, r => r.Logs);
        Interlocked.Increment(ref _logsVersion);
    }

    public void AddMetricSamples(string resourceName, IEnumerable<MetricSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var resource = ResourceOf(resourceName);
        lock (resource.Lock)
        {
            foreach (var sample in samples)
            {
                resource.AddMetricPoint(sample.Descriptor, sample.Attributes, sample.Point);
            }
        }

        Interlocked.Increment(ref _metricsVersion);
    }

    public IReadOnlyList<TraceSummary> Traces(TraceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var summaries = AllSpans()
            .GroupBy(s => s.TraceId)
            .Select(Summarize)
            .Where(t => query.Resource is not { Length: > 0 } resource || t.Resources.Contains(resource))
            .Where(t => !query.ErrorsOnly || t.HasError)
            .OrderByDescending(t => t.Start);
        if (query.Text is { Length: > 0 } text)
        {
            var matching = AllSpans()
                .Where(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || s.TraceId.Equals(text, StringComparison.OrdinalIgnoreCase)
                    || s.Attributes.Any(a => a.Value.Contains(text, StringComparison.OrdinalIgnoreCase)))
                .Select(s => s.TraceId)
                .ToHashSet(StringComparer.Ordinal);
            return [.. summaries.Where(t => matching.Contains(t.TraceId)).Take(query.Limit)];
        }

        return [.. summaries.Take(query.Limit)];
    }

    public TraceDetail? Trace(string traceId)
    {
        var spans = AllSpans().Where(s => s.TraceId.Equals(traceId, StringComparison.OrdinalIgnoreCase)).ToList();
        if (spans.Count == 0)
        {
            return null;
        }

        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        return new TraceDetail(spans[0].TraceId, start, end - start, TreeOrder(spans));
    }

    public IReadOnlyList<LogEntry> Logs(LogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        IEnumerable<LogEntry> logs = Snapshot(r => query.Resource is not { Length: > 0 } name || r.Name == name, r => r.Logs.Items);
        if (query.MinLevel is { } level)
        {
            logs = logs.Where(l => l.Level >= level);
        }

        if (query.TraceId is { Length: > 0 } traceId)
        {
            logs = logs.Where(l => string.Equals(l.TraceId, traceId, StringComparison.OrdinalIgnoreCase));
        }

        if (query.Text is { Length: > 0 } text)
        {
            logs = logs.Where(l => l.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
                || l.Attributes.Any(a => a.Value.Contains(text, StringComparison.OrdinalIgnoreCase)));
        }

        return [.. logs.OrderByDescending(l => l.Time).Take(query.Limit)];
    }

    public IReadOnlyList<InstrumentSummary> Instruments(string resourceName)
    {
        if (!_resources.TryGetValue(resourceName, out var resource))
        {
            return [];
        }

        lock (resource.Lock)
        {
            return [.. resource.Instruments.Values.Select(Summarize).OrderBy(i => i.Name, StringComparer.Ordinal)];
        }
    }

    public InstrumentChart? Chart(string resourceName, string instrumentName)
    {
        if (!_resources.TryGetValue(resourceName, out var resource))
        {
            return null;
        }

        lock (resource.Lock)
        {
            if (!resource.Instruments.TryGetValue(instrumentName, out var instrument))
            {
                return null;
            }

            var descriptor = instrument.Descriptor;
            var series = instrument.Series.Select(s =>
            {
                var points = s.Points.Items.ToList();
                var chart = descriptor.Kind == MetricKind.Histogram
                    ? HistogramMath.ToChart(points, descriptor.IsCumulative)
                    : [.. points.Select(p => new ChartPoint(p.Time, p.Value ?? 0))];
                return new ChartSeries(s.Attributes, chart);
            });
            return new InstrumentChart(Summarize(instrument), [.. series]);
        }
    }

    private static InstrumentSummary Summarize(MetricInstrument instrument) =>
        new(instrument.Descriptor.Name, instrument.Descriptor.Description, instrument.Descriptor.Unit, instrument.Descriptor.Kind,
            instrument.Descriptor.Scope, instrument.Series.Count(), instrument.Series.Sum(s => s.Points.Count));

    private static TraceSummary Summarize(IGrouping<string, SpanRecord> trace)
    {
        var spans = trace.ToList();
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);

        // The root is the span without a parent; while the trace is incomplete, the earliest span whose parent has not arrived.
        var root = spans.Where(s => s.ParentSpanId is null).MinBy(s => s.Start)
            ?? spans.Where(s => !ids.Contains(s.ParentSpanId!)).MinBy(s => s.Start)!;
        var start = spans.Min(s => s.Start);
        return new TraceSummary(
            trace.Key,
            root.Name,
            root.Resource,
            start,
            spans.Max(s => s.End) - start,
            spans.Count,
            [.. spans.OrderBy(s => s.Start).Select(s => s.Resource).Distinct()],
            spans.Any(s => s.IsError));
    }

    /// <summary>Depth-first from the roots, children by start time: the order of a waterfall.</summary>
    private static List<TraceSpan> TreeOrder(List<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .ToLookup(s => s.ParentSpanId!, StringComparer.Ordinal);
        var ordered = new List<TraceSpan>(spans.Count);
        var stack = new Stack<TraceSpan>();
        foreach (var root in spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderByDescending(s => s.Start))
        {
            stack.Push(new TraceSpan(root, 0));
        }

        while (stack.TryPop(out var current))
        {
            ordered.Add(current);
            foreach (var child in children[current.Span.SpanId].OrderByDescending(s => s.Start))
            {
                stack.Push(new TraceSpan(child, current.Depth + 1));
            }
        }

        return ordered;
    }

    private void AddPerResource<T>(IEnumerable<T> items, Func<T, string> resourceOf, Func<ResourceTelemetry, BoundedBuffer<T>> bufferOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var group in items.GroupBy(resourceOf))
        {
            var resource = ResourceOf(group.Key);
            lock (resource.Lock)
            {
                var buffer = bufferOf(resource);
                foreach (var item in group)
                {
                    buffer.Add(item);
                }
            }
        }
    }

    private List<SpanRecord> AllSpans() => Snapshot(_ => true, r => r.Spans.Items);

    private List<T> Snapshot<T>(Func<ResourceTelemetry, bool> include, Func<ResourceTelemetry, IEnumerable<T>> items)
    {
        var all = new List<T>();
        foreach (var resource in _resources.Values.Where(include))
        {
            lock (resource.Lock)
            {
                all.AddRange(items(resource));
            }
        }

        return all;
    }

    private ResourceTelemetry ResourceOf(string name) => _resources.GetOrAdd(name, n => new ResourceTelemetry(n, limits));
}

/// <summary>Counters that grow whenever spans, logs or metric points arrive.</summary>
public sealed record TelemetryVersions(long Spans, long Logs, long Metrics);
