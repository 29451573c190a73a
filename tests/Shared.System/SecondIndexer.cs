using System.Diagnostics;
using Ingestion.Contracts;

namespace Ingestion.Tests.Shared;

/// <summary>
/// Starts one more indexer process on a running system's index, as a second copy or an overlapping restart would,
/// and waits for it to end: it must not start, since the index has its writer already.
/// </summary>
public static class SecondIndexer
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static async Task<(int ExitCode, string Output)> RunAsync(TestSystem running, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(running);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "run", "--no-build", "--no-launch-profile", "-c", Configuration, "--project", new Projects.Ingestion_Indexer().ProjectPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__" + ResourceNames.Cache] = await running.ConnectionStringAsync(ResourceNames.Cache);
        start.Environment["ConnectionStrings__" + ResourceNames.Messaging] = await running.ConnectionStringAsync(ResourceNames.Messaging);
        start.Environment["Index__DataPath"] = Path.Combine(running.DataPath, "index");
        start.Environment["Index__WriterLockTimeout"] = "00:00:01";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The second indexer was still running after {timeout.TotalSeconds:0} s: it started on an index that has a writer.");
            }
        }

        return (process.ExitCode, await output + await errors);
    }
}
