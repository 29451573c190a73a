using Ingestion.Hosting.Processes;
using Ingestion.Hosting.Resources;

namespace Ingestion.Hosting;

/// <summary>
/// Starts every resource once the ones it waits for are healthy, watches them, and stops them all
/// (in reverse order) on Ctrl+C or disposal. Our small stand-in for .NET Aspire's AppHost runtime.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private readonly HostingContext _context;
    private readonly List<ResourceProcess> _started = [];
    private readonly System.Threading.Lock _startedLock = new();
    private readonly Dictionary<Resource, TaskCompletionSource> _healthy = [];

    internal DistributedApplication(IReadOnlyList<Resource> resources, HostingContext context)
    {
        Resources = resources;
        _context = context;
        foreach (var resource in resources)
        {
            _healthy[resource] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public IReadOnlyList<Resource> Resources { get; }

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

        await Task.WhenAll(Resources.Select(r => StartResourceAsync(r, cancellationToken)));
    }

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
        List<ResourceProcess> started;
        lock (_startedLock)
        {
            started = [.. _started];
            _started.Clear();
        }

        // Dependents were started last, so stopping in reverse order stops them before what they use.
        started.Reverse();
        foreach (var process in started)
        {
            await process.DisposeAsync();
        }
    }

    private async Task StartResourceAsync(Resource resource, CancellationToken cancellationToken)
    {
        try
        {
            resource.State = ResourceState.Waiting;
            await Task.WhenAll(resource.WaitsFor.Select(d => _healthy[d].Task)).WaitAsync(cancellationToken);

            resource.State = ResourceState.Starting;
            var process = ResourceProcess.Start(resource, resource.PrepareLaunch(_context), EchoToConsole);
            lock (_startedLock)
            {
                _started.Add(process);
            }

            resource.StartedAt = DateTimeOffset.UtcNow;
            resource.State = ResourceState.Running;
            _ = process.Exited.ContinueWith(_ => resource.State = ResourceState.Exited, TaskScheduler.Default);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReadyTimeout);
            while (!await resource.IsReadyAsync(timeout.Token))
            {
                if (process.Exited.IsCompleted)
                {
                    throw new HostingException($"{resource.Name} exited with code {process.ExitCode} before it was ready. Its last output:{Environment.NewLine}{LastLines(resource)}");
                }

                await Task.Delay(ProbeInterval, timeout.Token);
            }

            resource.State = ResourceState.Healthy;
            _healthy[resource].TrySetResult();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            resource.State = ResourceState.Unhealthy;
            var error = new HostingException($"{resource.Name} was not ready within {ReadyTimeout.TotalSeconds:F0} s. Its last output:{Environment.NewLine}{LastLines(resource)}");
            _healthy[resource].TrySetException(error);
            throw error;
        }
        catch (Exception exception)
        {
            if (resource.State != ResourceState.Exited)
            {
                resource.State = ResourceState.FailedToStart;
            }

            _healthy[resource].TrySetException(exception);
            throw;
        }
    }

    private static string LastLines(Resource resource) =>
        string.Join(Environment.NewLine, resource.Log.Snapshot().TakeLast(20).Select(l => "  " + l.Text));
}
