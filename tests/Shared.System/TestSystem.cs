using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Ingestion.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.Tests.Shared;

/// <summary>
/// The whole system as the AppHost defines it, started through Aspire's test host (the real orchestrator, real Redis,
/// real RabbitMQ, the services as processes) in a data folder of its own, with the dashboard on free ports when asked
/// for. A missing server fails the start with the AppHost's message naming the script that installs it. The tests and
/// the benchmarks start the system this way.
/// </summary>
public sealed class TestSystem : IAsyncDisposable
{
    /// <summary>The services whose health the start waits for.</summary>
    private static readonly string[] Resources = [ResourceNames.Cache, ResourceNames.Messaging, ResourceNames.Indexer, ResourceNames.Worker, ResourceNames.Gateway];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopWatching = new();
    private readonly Task _watching;

    private TestSystem(DistributedApplication app, string dataPath, Uri dashboard, string browserToken, string apiKey)
    {
        App = app;
        _watching = WatchAsync();
        DataPath = dataPath;
        DashboardUrl = dashboard;
        BrowserToken = browserToken;
        DashboardApi = new HttpClient { BaseAddress = dashboard };
        DashboardApi.DefaultRequestHeaders.Add("x-api-key", apiKey);
        Gateway = new HttpClient { BaseAddress = app.GetEndpoint(ResourceNames.Gateway, "http"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public DistributedApplication App { get; }

    public string DataPath { get; }

    /// <summary>Where the test systems keep the int8 encoder's graph (<c>Embeddings:ModelCache</c>).</summary>
    public static string SharedModelCache { get; } = Path.Combine(Path.GetTempPath(), "ingestion-test-models");

    public HttpClient Gateway { get; }

    /// <summary>The dashboard (when started with it); log in at <c>/login?t=</c><see cref="BrowserToken"/>.</summary>
    public Uri DashboardUrl { get; }

    public string BrowserToken { get; }

    /// <summary>The dashboard's telemetry API (<c>/api/telemetry/…</c>), with its key.</summary>
    public HttpClient DashboardApi { get; }

    /// <summary>Starts the system with <paramref name="settings"/> (<c>--Section:Key=value</c>) on top of the test defaults.</summary>
    /// <param name="dataPath">The system's data folder.</param>
    /// <param name="settings">Settings on top of the test defaults.</param>
    /// <param name="withDashboard">Whether the Aspire dashboard runs too.</param>
    /// <param name="startIndexer">False leaves the indexer stopped until the test starts it (<c>AppHost:StartIndexer</c>).</param>
    public static async Task<TestSystem> StartAsync(string dataPath, IEnumerable<string> settings, bool withDashboard = false, bool startIndexer = true)
    {
        var ports = FreePorts.Take(4);
        var browserToken = Guid.NewGuid().ToString("N");
        var apiKey = Guid.NewGuid().ToString("N");
        string[] args =
        [
            $"--AppHost:DataPath={dataPath}",
            "--AppHost:GatewayPort=0",
            "--AppHost:EchoResourceLogs=false",
            $"--AppHost:DashboardApiKey={apiKey}",
            $"--ASPNETCORE_URLS=http://127.0.0.1:{ports[0]}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{ports[1]}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{ports[2]}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{ports[3]}",
            $"--ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN={browserToken}",
            // The test host randomises fixed ports (the dashboard's included); these are free already.
            "--DcpPublisher:RandomizePorts=false",
            // Development makes Aspire give services one-second export intervals, so telemetry shows up at once.
            "--environment=Development",
            $"--AppHost:StartIndexer={startIndexer}",
            // Every test system shares one int8 graph, made by the first (each load checks its hash), not one per data folder.
            $"--Embeddings:ModelCache={SharedModelCache}",
            .. settings,
        ];
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(args, (options, _) => options.DisableDashboard = !withDashboard, timeout.Token);

        // The test's own log shows only what goes wrong; each resource's output is in its console log.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var resource in Resources.Where(r => startIndexer || r != ResourceNames.Indexer))
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new TestSystem(app, dataPath, new Uri($"http://127.0.0.1:{ports[0]}/"), browserToken, apiKey);
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>Runs a resource command (Aspire's <c>start</c>, <c>stop</c>, <c>restart</c>, or our <c>kill</c>) on one instance and fails if it fails.</summary>
    public async Task ExecuteAsync(string resourceId, string command)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(resourceId, command);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resourceId} failed: {result.Message}");
        }
    }

    /// <summary>Waits until the resource's instances (or the one given by id) run and are healthy again, after a restart or start.</summary>
    public async Task WaitHealthyAsync(string resource, string? resourceId = null)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.ResourceNotifications.WaitForResourceAsync(
            resource,
            e => (resourceId is null || e.ResourceId == resourceId) && e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
            timeout.Token);
    }

    /// <summary>The instance ids of a resource (one per replica), as the orchestrator names them, once there are <paramref name="expected"/>.</summary>
    public async Task<IReadOnlyList<string>> InstancesAsync(string resource, int expected)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (true)
        {
            var ids = _latest.Values.Where(e => e.Resource.Name == resource).Select(e => e.ResourceId).Order(StringComparer.Ordinal).ToList();
            if (ids.Count >= expected)
            {
                return ids;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>The process of each running instance (for memory and CPU), by resource name; a project's is its <c>dotnet run</c> host, with the service as its child.</summary>
    public IReadOnlyList<(string Resource, string ResourceId, int ProcessId)> Processes() =>
        [.. _latest.Values
            .Select(e => (e.Resource.Name, e.ResourceId, Pid: Convert.ToString(e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Where(p => int.TryParse(p.Pid, out _))
            .Select(p => (p.Name, p.ResourceId, int.Parse(p.Pid!, System.Globalization.CultureInfo.InvariantCulture)))];

    /// <summary>The last <paramref name="lines"/> lines each instance of <paramref name="resource"/> wrote, to say why a test failed.</summary>
    public async Task<string> LogTailAsync(string resource, int lines = 40)
    {
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        var tails = new List<string>();
        foreach (var instance in _latest.Values.Where(e => e.Resource.Name == resource).Select(e => e.ResourceId).Distinct(StringComparer.Ordinal))
        {
            var said = new List<string>();
            await foreach (var batch in logs.GetAllAsync(instance))
            {
                said.AddRange(batch.Select(l => l.Content));
            }

            tails.Add($"{instance}:\n{string.Join('\n', said.TakeLast(lines))}");
        }

        return string.Join("\n", tails);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatching.CancelAsync();
        await _watching;
        _stopWatching.Dispose();
        Gateway.Dispose();
        DashboardApi.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>Keeps the latest state of every resource instance, for <see cref="InstancesAsync"/> and <see cref="Processes"/>.</summary>
    private async Task WatchAsync()
    {
        try
        {
            await foreach (var update in App.ResourceNotifications.WatchAsync(_stopWatching.Token))
            {
                _latest[update.ResourceId] = update;
            }
        }
        catch (OperationCanceledException) when (_stopWatching.IsCancellationRequested)
        {
        }
    }
}
