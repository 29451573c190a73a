using Ingestion.Hosting.Resources;

namespace Ingestion.Hosting;

/// <summary>
/// Starts every resource once the ones it waits for are healthy, watches their health, stops, starts
/// and restarts them on request, and stops them all (in reverse order) on Ctrl+C or disposal. Our
/// small stand-in for .NET Aspire's AppHost runtime.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(2);
    private readonly List<IDistributedApplicationLifecycleHook> _hooks;
    private readonly Dictionary<string, ResourceSupervisor> _supervisors;
    private readonly Dictionary<Resource, TaskCompletionSource> _healthy = [];
    private readonly List<ResourceSupervisor> _startOrder = [];
    private readonly System.Threading.Lock _startOrderLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _healthWatch;
    private int _disposed;

    internal DistributedApplication(IReadOnlyList<Resource> resources, HostingContext context, IReadOnlyList<IDistributedApplicationLifecycleHook> hooks)
    {
        Resources = resources;
        Context = context;
        _hooks = [.. hooks];
        _supervisors = resources.ToDictionary(r => r.Name, r => new ResourceSupervisor(r, context, () => EchoToConsole));
        foreach (var resource in resources)
        {
            _healthy[resource] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public IReadOnlyList<Resource> Resources { get; }

    public HostingContext Context { get; }

    /// <summary>What runs beside the resources, such as the dashboard.</summary>
    public IReadOnlyList<IDistributedApplicationLifecycleHook> LifecycleHooks => _hooks;

    /// <summary>Echo every resource's output to this console, prefixed with its name.</summary>
    public bool EchoToConsole { get; set; } = true;

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    public T Get<T>(string name)
        where T : Resource => Resources.OfType<T>().Single(r => r.Name == name);

    /// <summary>Starts everything; completes when every resource is healthy, or throws naming the one that is not.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var resource in Resources)
        {
            resource.EnsureRunnable();
        }

        foreach (var hook in _hooks)
        {
            await hook.BeforeStartAsync(this, cancellationToken);
        }

        await Task.WhenAll(Resources.Select(r => StartInOrderAsync(r, cancellationToken)));
        _healthWatch = WatchHealthAsync(_stopping.Token);
    }

    /// <summary>Stops one resource (SIGTERM, then kill after a grace period); it stays stopped until started.</summary>
    public Task StopResourceAsync(string name) => SupervisorOf(name).StopAsync();

    /// <summary>Starts a stopped resource again and waits until it is ready.</summary>
    public Task StartResourceAsync(string name, CancellationToken cancellationToken = default) => SupervisorOf(name).StartAsync(cancellationToken);

    /// <summary>Stops and starts one resource with the same settings, data and ports, and waits until it is ready.</summary>
    public Task RestartResourceAsync(string name, CancellationToken cancellationToken = default) => SupervisorOf(name).RestartAsync(cancellationToken);

    /// <summary>Kills one resource's process with SIGKILL, as a crash would, for fault tests.</summary>
    public Task KillResourceAsync(string name) => SupervisorOf(name).KillAsync();

    /// <summary>Starts everything and runs until Ctrl+C or SIGTERM, then stops everything.</summary>
    public async Task RunAsync()
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await StartAsync(stop.Token);
            Console.WriteLine("All resources are healthy. Press Ctrl+C to stop.");
            foreach (var resource in Resources)
            {
                Console.WriteLine($"  {resource.Name,-10} {string.Join(" ", resource.Endpoints)}");
            }

            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.WriteLine("Stopping...");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_healthWatch is not null)
        {
            await _healthWatch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        List<ResourceSupervisor> started;
        lock (_startOrderLock)
        {
            started = [.. _startOrder];
        }

        // Dependents were started last, so stopping in reverse order stops them before what they use.
        started.Reverse();
        foreach (var supervisor in started)
        {
            await supervisor.DisposeAsync();
        }

        // Hooks last: the dashboard receives the services' final telemetry while they shut down.
        foreach (var hook in _hooks)
        {
            await hook.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private ResourceSupervisor SupervisorOf(string name) =>
        _supervisors.TryGetValue(name, out var supervisor) ? supervisor : throw new HostingException($"There is no resource named '{name}'.");

    private async Task StartInOrderAsync(Resource resource, CancellationToken cancellationToken)
    {
        try
        {
            resource.State = ResourceState.Waiting;
            await Task.WhenAll(resource.WaitsFor.Select(d => _healthy[d].Task)).WaitAsync(cancellationToken);

            var supervisor = _supervisors[resource.Name];
            lock (_startOrderLock)
            {
                _startOrder.Add(supervisor);
            }

            await supervisor.StartAsync(cancellationToken);
            _healthy[resource].TrySetResult();
        }
        catch (Exception exception)
        {
            if (resource.State is ResourceState.Waiting or ResourceState.Starting)
            {
                resource.State = ResourceState.FailedToStart;
            }

            _healthy[resource].TrySetException(exception);
            throw;
        }
    }

    private async Task WatchHealthAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HealthInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await Task.WhenAll(_supervisors.Values.Select(s => s.ProbeAsync(cancellationToken)));
        }
    }
}
