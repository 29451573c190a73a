using System.Diagnostics;
using Ingestion.Hosting.Resources;

namespace Ingestion.Hosting.Processes;

/// <summary>
/// One running process of a resource: its output goes to the console with the resource's name in
/// front and into the resource's log; stopping sends SIGTERM first and kills the tree if it lingers.
/// </summary>
internal sealed class ResourceProcess : IAsyncDisposable
{
    private static readonly System.Threading.Lock ConsoleLock = new();
    private readonly Resource _resource;
    private readonly Process _process;
    private readonly bool _echo;

    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ResourceProcess(Resource resource, Process process, bool echo)
    {
        _resource = resource;
        _process = process;
        _echo = echo;
        process.Exited += (_, _) => _exited.TrySetResult(process.ExitCode);
    }

    /// <summary>Completes with the exit code when the process ends, however it ends.</summary>
    public Task<int> Exited => _exited.Task;

    public static ResourceProcess Start(Resource resource, ProcessLaunch launch, bool echoToConsole)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory,
        };
        foreach (var argument in launch.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in launch.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var running = new ResourceProcess(resource, process, echoToConsole);
        process.OutputDataReceived += (_, e) => running.OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => running.OnLine(e.Data, isError: true);
        if (!process.Start())
        {
            throw new HostingException($"{resource.Name}: {launch.FileName} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        resource.ProcessId = process.Id;
        if (process.HasExited)
        {
            // Exited can fire before the handler was attached to a process that died at once.
            running._exited.TrySetResult(process.ExitCode);
        }

        return running;
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        UnixSignals.Terminate(_process.Id);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Ends the process at once, as a crash would (SIGKILL), for fault tests.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void OnLine(string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        _resource.Log.Add(new ConsoleLine(DateTimeOffset.UtcNow, isError, line));
        if (_echo)
        {
            lock (ConsoleLock)
            {
                Console.Out.WriteLine($"[{_resource.Name}] {line}");
            }
        }
    }
}
