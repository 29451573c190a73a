using System.Diagnostics;
using Ingestion.Contracts;

namespace Ingestion.IntegrationTests;

/// <summary>
/// One writer per embedded index: a second indexer started on the running system's index (a second copy, or an
/// overlapping restart) stops at start naming the writer it found, takes no message, and the first goes on indexing.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class SecondIndexerTests(SystemFixture system)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task ASecondIndexerOnTheSameIndexFailsToStartAndTheFirstKeepsIndexing()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "run", "--no-build", "--no-launch-profile", "-c", Configuration, "--project", new Projects.Ingestion_Indexer().ProjectPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__" + ResourceNames.Cache] = await system.Running.ConnectionStringAsync(ResourceNames.Cache);
        start.Environment["ConnectionStrings__" + ResourceNames.Messaging] = await system.Running.ConnectionStringAsync(ResourceNames.Messaging);
        start.Environment["Index__DataPath"] = Path.Combine(system.Running.DataPath, "index");
        start.Environment["Index__WriterLockTimeout"] = "00:00:01";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        using var second = Process.Start(start)!;
        var output = second.StandardOutput.ReadToEndAsync();
        var errors = second.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await second.WaitForExitAsync(deadline.Token);
        }

        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("has another writer", await output + await errors, StringComparison.Ordinal);

        var id = $"first-writer-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { contentType = "text/plain", content = "Kittiwakes nest on cliffs.", version = 1 });
        await system.WaitForSearchableAsync(id, 1);
    }
}
