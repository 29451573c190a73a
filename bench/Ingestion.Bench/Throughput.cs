using System.Diagnostics;

namespace Ingestion.Bench;

/// <summary>Queries per second sustained by a number of clients that each send their next query as soon as the last is answered.</summary>
internal sealed record Throughput(int Clients, int Queries, double Seconds, double QueriesPerSecond, Latency Latency)
{
    /// <summary>
    /// <paramref name="clients"/> clients share <paramref name="queries"/> (taken in turn from one counter, so none
    /// waits on another's list), each query timed from send to answer.
    /// </summary>
    public static async Task<Throughput> MeasureAsync(IReadOnlyList<string> queries, int clients, int total, Func<string, Task> call)
    {
        var next = -1;
        var samples = new double[total];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var started = Stopwatch.GetTimestamp();
                await call(queries[i % queries.Count]);
                samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return new Throughput(clients, total, Math.Round(seconds, 2), Math.Round(total / seconds, 1), Latency.Of(samples));
    }
}
