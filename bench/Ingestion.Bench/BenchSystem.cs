using Ingestion.AppHost;
using Ingestion.Contracts;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;

namespace Ingestion.Bench;

/// <summary>The whole system as the AppHost starts it, in a data folder of the benchmark's, without the dashboard.</summary>
internal sealed class BenchSystem : IAsyncDisposable
{
    private readonly DistributedApplication _app;

    private BenchSystem(DistributedApplication app, HttpClient gateway)
    {
        _app = app;
        Gateway = gateway;
    }

    public HttpClient Gateway { get; }

    public static async Task<BenchSystem> StartAsync(string dataPath, params string[] settings)
    {
        var builder = DistributedApplication.CreateBuilder(
        [
            .. settings,
            $"--AppHost:DataPath={dataPath}",
            "--AppHost:GatewayPort=0",
            "--Dashboard:Enabled=false",
            "--Gateway:RateLimit:PermitsPerWindow=1000000", // benchmarks measure the system, not its rate limit
        ]);
        IngestionApp.Define(builder);
        var app = builder.Build();
        app.EchoToConsole = false;
        await app.StartAsync();
        var gateway = new HttpClient { BaseAddress = app.Get<ProjectResource>(ResourceNames.Gateway).HttpEndpoint, Timeout = TimeSpan.FromMinutes(2) };
        return new BenchSystem(app, gateway);
    }

    /// <summary>The resident memory of one of the system's processes, in bytes.</summary>
    public long ResidentBytes(string resource)
    {
        var pid = _app.Resources.Single(r => r.Name == resource).ProcessId ?? throw new InvalidOperationException($"{resource} is not running.");
        using var process = System.Diagnostics.Process.GetProcessById(pid);
        return process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        await _app.DisposeAsync();
    }
}
