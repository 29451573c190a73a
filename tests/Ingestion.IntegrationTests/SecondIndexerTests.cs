namespace Ingestion.IntegrationTests;

/// <summary>
/// One writer per embedded index: a second indexer started on the running system's index (a second copy, or an
/// overlapping restart) stops at start naming the writer it found, takes no message, and the first goes on indexing.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class SecondIndexerTests(SystemFixture system)
{
    [Fact]
    public async Task ASecondIndexerOnTheSameIndexFailsToStartAndTheFirstKeepsIndexing()
    {
        var (exitCode, output) = await SecondIndexer.RunAsync(system.Running, TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("has another writer", output, StringComparison.Ordinal);

        var id = $"first-writer-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { contentType = "text/plain", content = "Kittiwakes nest on cliffs.", version = 1 });
        await system.WaitForSearchableAsync(id, 1);
    }
}
