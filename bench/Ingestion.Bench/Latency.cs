using System.Diagnostics;

namespace Ingestion.Bench;

/// <summary>Percentiles of measured calls, in milliseconds.</summary>
internal sealed record Latency(double P50, double P95, double P99, int Samples)
{
    /// <summary>Times each call in turn (after the given warm-up calls, which are not counted).</summary>
    public static async Task<Latency> MeasureAsync<T>(IReadOnlyList<T> inputs, Func<T, Task> call, int warmUp = 20)
    {
        foreach (var input in inputs.Take(warmUp))
        {
            await call(input);
        }

        var samples = new List<double>(inputs.Count);
        foreach (var input in inputs)
        {
            var started = Stopwatch.GetTimestamp();
            await call(input);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Of(samples);
    }

    /// <summary>Percentiles of samples measured elsewhere (milliseconds).</summary>
    public static Latency Of(IEnumerable<double> measured)
    {
        var samples = measured.ToList();
        samples.Sort();
        return new Latency(Percentile(samples, 0.50), Percentile(samples, 0.95), Percentile(samples, 0.99), samples.Count);
    }

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(List<double> sorted, double p) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 2);
}
