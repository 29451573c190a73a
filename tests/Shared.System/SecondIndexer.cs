using System.Diagnostics;
using Ingestion.Contracts;

namespace Ingestion.Tests.Shared;

/// <summary>
/// Starts one more indexer process on a running system's index, outside the orchestrator: as a second copy or an
/// overlapping restart would (it must not start, since the index has its writer already), or, with the system's own
/// indexer stopped, in its place with other settings (another embedding model).
/// </summary>
public sealed class SecondIndexer : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;

    private SecondIndexer(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Runs one and waits for it to end; it is killed and a <see cref="TimeoutException"/> thrown if it runs past <paramref name="timeout"/>.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TestSystem running, TimeSpan timeout)
    {
        await using var indexer = await StartAsync(running, new Dictionary<string, string> { ["Index__WriterLockTimeout"] = "00:00:01" });
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await indexer._process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The second indexer was still running after {timeout.TotalSeconds:0} s: it started on an index that has a writer.");
            }
        }

        return (indexer._process.ExitCode, await indexer._output + await indexer._errors);
    }

    /// <summary>Starts one with the system's connections and index, and <paramref name="settings"/> as environment variables.</summary>
    public static async Task<SecondIndexer> StartAsync(TestSystem running, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "run", "--no-build", "--no-launch-profile", "-c", Configuration, "--project", new Projects.Ingestion_Indexer().ProjectPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__" + ResourceNames.Cache] = await running.ConnectionStringAsync(ResourceNames.Cache);
        start.Environment["ConnectionStrings__" + ResourceNames.Messaging] = await running.ConnectionStringAsync(ResourceNames.Messaging);
        start.Environment["Index__DataPath"] = Path.Combine(running.DataPath, "index");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        return new SecondIndexer(Process.Start(start)!);
    }

    /// <summary>Whether it has ended, and what it said so far if it has.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>What it wrote, once it has ended (after <see cref="DisposeAsync"/>).</summary>
    public async Task<string> OutputAsync() => await _output + await _errors;

    /// <summary>Kills it (SIGKILL, its whole process tree), as a crash would, unless it has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await Task.WhenAll(_output, _errors);
        _process.Dispose();
        GC.SuppressFinalize(this);
    }
}
