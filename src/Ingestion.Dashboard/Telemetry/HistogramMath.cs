namespace Ingestion.Dashboard.Telemetry;

/// <summary>
/// Turns explicit-bucket histogram points into per-interval figures: cumulative points are differenced
/// with their predecessor, and percentiles are interpolated linearly inside the bucket that holds them
/// (as Prometheus' histogram_quantile does).
/// </summary>
internal static class HistogramMath
{
    public static IReadOnlyList<ChartPoint> ToChart(IReadOnlyList<MetricPoint> points, bool isCumulative)
    {
        var chart = new List<ChartPoint>(points.Count);
        MetricPoint? previous = null;
        foreach (var point in points)
        {
            var interval = isCumulative ? Difference(point, previous) : point;
            previous = point;
            if (interval.Count == 0)
            {
                chart.Add(new ChartPoint(point.Time, 0, 0));
                continue;
            }

            chart.Add(new ChartPoint(
                point.Time,
                interval.Sum / interval.Count,
                interval.Count,
                Percentile(interval, 0.50),
                Percentile(interval, 0.95),
                Percentile(interval, 0.99)));
        }

        return chart;
    }

    public static double? Percentile(MetricPoint histogram, double quantile)
    {
        var counts = histogram.BucketCounts;
        var bounds = histogram.ExplicitBounds;
        if (histogram.Count == 0 || counts.Count == 0 || counts.Count != bounds.Count + 1)
        {
            return null;
        }

        var rank = quantile * histogram.Count;
        ulong seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0 || seen + counts[i] < rank)
            {
                seen += counts[i];
                continue;
            }

            // The overflow bucket has no upper bound: report its lower bound, the most that is known.
            if (i == bounds.Count)
            {
                return bounds[^1];
            }

            var lower = i == 0 ? Math.Min(0, bounds[0]) : bounds[i - 1];
            var upper = bounds[i];
            return lower + ((upper - lower) * (rank - seen) / counts[i]);
        }

        return bounds.Count > 0 ? bounds[^1] : null;
    }

    private static MetricPoint Difference(MetricPoint current, MetricPoint? previous)
    {
        // The first point covers the time since the process started; a count that went down means the
        // process restarted and its cumulative values began again.
        if (previous is null || previous.Count > current.Count || previous.BucketCounts.Count != current.BucketCounts.Count)
        {
            return current;
        }

        return current with
        {
            Count = current.Count - previous.Count,
            Sum = current.Sum - previous.Sum,
            BucketCounts = [.. current.BucketCounts.Zip(previous.BucketCounts, (c, p) => c - p)],
        };
    }
}
