using Ingestion.Dashboard.Otlp.Proto.Collector.Metrics;
using Ingestion.Dashboard.Otlp.Proto.Metrics;
using Ingestion.Dashboard.Telemetry;

namespace Ingestion.Dashboard.Otlp;

/// <summary>Turns an OTLP metrics export into points per resource, instrument and series.</summary>
internal static class OtlpMetricReader
{
    public static List<(string Resource, List<MetricSample> Samples)> Read(ExportMetricsServiceRequest request)
    {
        var result = new List<(string, List<MetricSample>)>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var (service, _) = OtlpValues.ServiceOf(resourceMetrics.Resource);
            var points = new List<MetricSample>();
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = scopeMetrics.Scope?.Name ?? string.Empty;
                foreach (var metric in scopeMetrics.Metrics)
                {
                    points.AddRange(PointsOf(metric, scope));
                }
            }

            result.Add((service, points));
        }

        return result;
    }

    private static IEnumerable<MetricSample> PointsOf(Metric metric, string scope)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                var gauge = new MetricDescriptor(metric.Name, metric.Description, metric.Unit, MetricKind.Gauge, false, scope);
                return metric.Gauge.DataPoints.Select(p => new MetricSample(gauge, OtlpValues.Attributes(p.Attributes), NumberPoint(p)));
            case Metric.DataOneofCase.Sum:
                var sum = new MetricDescriptor(metric.Name, metric.Description, metric.Unit, MetricKind.Sum,
                    metric.Sum.AggregationTemporality == AggregationTemporality.Cumulative, scope);
                return metric.Sum.DataPoints.Select(p => new MetricSample(sum, OtlpValues.Attributes(p.Attributes), NumberPoint(p)));
            case Metric.DataOneofCase.Histogram:
                var histogram = new MetricDescriptor(metric.Name, metric.Description, metric.Unit, MetricKind.Histogram,
                    metric.Histogram.AggregationTemporality == AggregationTemporality.Cumulative, scope);
                return metric.Histogram.DataPoints.Select(p => new MetricSample(histogram, OtlpValues.Attributes(p.Attributes), new MetricPoint
                {
                    Time = OtlpValues.Time(p.TimeUnixNano),
                    Count = p.Count,
                    Sum = p.HasSum ? p.Sum : 0,
                    BucketCounts = [.. p.BucketCounts],
                    ExplicitBounds = [.. p.ExplicitBounds],
                }));
            default:
                // Summaries and exponential histograms are not sent by our services; they are skipped, not misread.
                return [];
        }
    }

    private static MetricPoint NumberPoint(NumberDataPoint point) => new()
    {
        Time = OtlpValues.Time(point.TimeUnixNano),
        Value = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble,
    };
}
