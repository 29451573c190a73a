using Ingestion.Tests.Shared;

namespace Ingestion.Bench;

/// <summary>The whole system started as the tests start it (Aspire's test host, without the dashboard), in a data folder of the benchmark's.</summary>
internal static class BenchSystem
{
    public static Task<TestSystem> StartAsync(string dataPath, params string[] settings) =>
        TestSystem.StartAsync(dataPath, [.. settings, "--Gateway:RateLimit:PermitsPerWindow=1000000"]); // benchmarks measure the system, not its rate limit

    /// <summary>CPU seconds used so far by each resource's processes (replicas summed) and by this process (the client).</summary>
    public static Dictionary<string, double> CpuSecondsByResource(TestSystem system)
    {
        var used = system.Processes()
            .GroupBy(p => p.Resource, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => ProcessTree.CpuSeconds(p.ProcessId)), StringComparer.Ordinal);
        used["bench client"] = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        return used;
    }

    /// <summary>
    /// Waits until the system's processes together use under a tenth of a core over two seconds (their start-up work
    /// done), and says how long that took; gives up after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<TimeSpan> WaitIdleAsync(TestSystem system, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = SystemCpuSeconds(system);
        while (clock.Elapsed < timeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var now = SystemCpuSeconds(system);
            if (now - before < 0.2)
            {
                break;
            }

            before = now;
        }

        return clock.Elapsed;
    }

    private static double SystemCpuSeconds(TestSystem system) => system.Processes().Sum(p => ProcessTree.CpuSeconds(p.ProcessId));

    /// <summary>The resident memory of a resource's service process, in bytes.</summary>
    public static long ResidentBytes(TestSystem system, string resource) =>
        ProcessTree.ResidentBytes(ProcessTree.Service(system.Processes().Single(p => p.Resource == resource).ProcessId));
}
