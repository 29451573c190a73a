using Ingestion.Hosting.Processes;
using Ingestion.Hosting.Resources;

namespace Ingestion.Hosting;

/// <summary>
/// Runs one resource's process: launches it and waits until it is ready, keeps its state current
/// (healthy, unhealthy, exited), and stops, starts or restarts it on request. One action at a time.
/// </summary>
internal sealed class ResourceSupervisor(Resource resource, HostingContext context, Func<bool> echoToConsole) : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResourceProcess? _process;
    private bool _launchedBefore;

    public Resource Resource { get; } = resource;

    /// <summary>Launches the process and returns once it is ready; throws a <see cref="HostingException"/> naming why not.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_process is { Exited.IsCompleted: false })
            {
                return;
            }

            await LaunchAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is { Exited.IsCompleted: false } process)
            {
                Resource.State = ResourceState.Stopping;
                await process.StopAsync(StopGrace);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Resource.State = ResourceState.Restarting;
            if (_process is { } process)
            {
                await process.StopAsync(StopGrace);
                await process.DisposeAsync();
            }

            await LaunchAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ends the process with SIGKILL, as a crash would; it stays down until started again.</summary>
    public async Task KillAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is { } process)
            {
                await process.KillAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asks a running process whether it still serves requests, and records the answer.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken))
        {
            return; // An action is under way; it sets the state itself.
        }

        try
        {
            if ((Resource.IsExternal || _process is { Exited.IsCompleted: false }) && Resource.State is ResourceState.Healthy or ResourceState.Unhealthy or ResourceState.Running)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                bool ready;
                try
                {
                    ready = await Resource.IsReadyAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    ready = false;
                }

                if (Resource.IsExternal || _process is { Exited.IsCompleted: false })
                {
                    Resource.State = ready ? ResourceState.Healthy : ResourceState.Unhealthy;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_process is { } process)
            {
                if (!process.Exited.IsCompleted)
                {
                    Resource.State = ResourceState.Stopping;
                }

                await process.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        if (Resource.IsExternal)
        {
            await AwaitExternalAsync(cancellationToken);
            return;
        }

        Resource.State = ResourceState.Starting;
        Resource.ExitCode = null;
        var process = ResourceProcess.Start(Resource, Resource.PrepareLaunch(context), echoToConsole());
        _process = process;
        if (_launchedBefore)
        {
            Resource.RestartCount++;
        }

        _launchedBefore = true;
        Resource.StartedAt = DateTimeOffset.UtcNow;
        Resource.State = ResourceState.Running;
        _ = process.Exited.ContinueWith(exit => OnExited(process, exit.Result), TaskScheduler.Default);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            while (!await Resource.IsReadyAsync(timeout.Token))
            {
                if (process.Exited.IsCompleted)
                {
                    throw new HostingException($"{Resource.Name} exited with code {process.Exited.Result} before it was ready. Its last output:{Environment.NewLine}{LastLines()}");
                }

                await Task.Delay(ProbeInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Resource.State = ResourceState.Unhealthy;
            throw new HostingException($"{Resource.Name} was not ready within {ReadyTimeout.TotalSeconds:F0} s. Its last output:{Environment.NewLine}{LastLines()}");
        }

        Resource.State = ResourceState.Healthy;
    }

    /// <summary>A service this AppHost does not run is "started" once it answers its readiness probe.</summary>
    private async Task AwaitExternalAsync(CancellationToken cancellationToken)
    {
        Resource.State = ResourceState.Starting;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        try
        {
            while (!await Resource.IsReadyAsync(timeout.Token))
            {
                await Task.Delay(ProbeInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Resource.State = ResourceState.Unhealthy;
            throw new HostingException($"{Resource.Name} ({string.Join(" ", Resource.Endpoints)}) did not answer as ready within {ReadyTimeout.TotalSeconds:F0} s.");
        }

        Resource.StartedAt = DateTimeOffset.UtcNow;
        Resource.State = ResourceState.Healthy;
    }

    private void OnExited(ResourceProcess process, int exitCode)
    {
        // A process replaced by a restart reports its exit after the new one started; only the current one counts.
        if (ReferenceEquals(process, _process) && Resource.State != ResourceState.Restarting)
        {
            Resource.ExitCode = exitCode;
            Resource.State = ResourceState.Exited;
        }
    }

    private string LastLines() =>
        string.Join(Environment.NewLine, Resource.Log.Snapshot().TakeLast(20).Select(l => "  " + l.Text));
}
