using Ingestion.Tests.Shared;

namespace Ingestion.Bench;

/// <summary>The whole system started as the tests start it (Aspire's test host, without the dashboard), in a data folder of the benchmark's.</summary>
internal static class BenchSystem
{
    public static Task<TestSystem> StartAsync(string dataPath, params string[] settings) =>
        TestSystem.StartAsync(dataPath, [.. settings, "--Gateway:RateLimit:PermitsPerWindow=1000000"]); // benchmarks measure the system, not its rate limit

    /// <summary>The resident memory of a resource's service process, in bytes.</summary>
    public static long ResidentBytes(TestSystem system, string resource) =>
        ProcessTree.ResidentBytes(ProcessTree.Service(system.Processes().Single(p => p.Resource == resource).ProcessId));
}
