using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Contracts;
using Ingestion.Tests.Shared;

// Ingestion throughput with 1, 2, 3, ... embedding worker processes: for each count, a fresh system
// (own data folder, free ports) ingests the same documents, and the time from the first PUT to the
// last document indexed gives documents and chunks per second. Prints a table and writes a JSON report.
// --cores-per-worker N limits each worker to N encoding threads and N messages at once, as if each ran on a
// machine of its own with N cores; without it every worker may use every core of this machine.
var workerCounts = Argument("--workers", "1,2,3").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList();
var documents = int.Parse(Argument("--documents", "400"), CultureInfo.InvariantCulture);
var coresPerWorker = Argument("--cores-per-worker", "");
var report = Argument("--report", Path.Combine("bench", "results", coresPerWorker.Length == 0 ? "scaleout.json" : $"scaleout-{coresPerWorker}-core.json"));
var results = new List<ScaleOutResult>();
foreach (var workers in workerCounts)
{
    results.Add(await MeasureAsync(workers, documents, coresPerWorker));
    var r = results[^1];
    Console.WriteLine($"workers {r.Workers}: {r.Documents} documents, {r.Chunks} chunks in {r.Seconds:F1} s (published in {r.PublishSeconds:F1} s) = {r.DocumentsPerSecond:F1} documents/s, {r.ChunksPerSecond:F1} chunks/s");
}

Console.WriteLine();
Console.WriteLine(coresPerWorker.Length == 0 ? $"every worker may use all {Environment.ProcessorCount} cores" : $"each worker limited to {coresPerWorker} core(s)");
Console.WriteLine("| workers | documents/s | chunks/s | vs 1 worker | CPU ms per chunk: workers | indexer | gateway | redis + rabbitmq |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var r in results)
{
    var servers = r.CpuMsPerChunk(ResourceNames.Cache) + r.CpuMsPerChunk(ResourceNames.Messaging);
    Console.WriteLine($"| {r.Workers} | {r.DocumentsPerSecond:F1} | {r.ChunksPerSecond:F1} | {r.ChunksPerSecond / results[0].ChunksPerSecond:F2}x | {r.CpuMsPerChunk(ResourceNames.Worker):F0} | {r.CpuMsPerChunk(ResourceNames.Indexer):F0} | {r.CpuMsPerChunk(ResourceNames.Gateway):F0} | {servers:F0} |");
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
await File.WriteAllTextAsync(report, JsonSerializer.Serialize(new { machine = new { Environment.ProcessorCount }, coresPerWorker, results }, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"report: {report}");
return 0;

string Argument(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

static async Task<ScaleOutResult> MeasureAsync(int workers, int documents, string coresPerWorker)
{
    var data = Path.Combine(Path.GetTempPath(), "ingestion-bench", Guid.NewGuid().ToString("N"));
    List<string> settings = [$"--AppHost:Workers={workers}"];
    if (coresPerWorker.Length > 0)
    {
        settings.Add($"--Embeddings:IntraOpThreads={coresPerWorker}");
        settings.Add($"--Worker:ConcurrentMessageLimit={coresPerWorker}");
    }

    var app = await TestSystem.StartAsync(data, settings);
    var gateway = app.Gateway;

    var random = new Random(42);
    string[] words = ["retrieval", "fusion", "ranking", "vector", "lexical", "chunk", "embedding", "index", "broker", "replica", "version", "commit", "segment", "query", "latency", "recall"];
    var ids = Enumerable.Range(0, documents).Select(i => $"bench-{i:D5}").ToList();
    var cpuBefore = CpuSeconds(app);
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, cancellationToken) =>
    {
        string text;
        lock (random)
        {
            text = string.Join(' ', Enumerable.Range(0, 60).Select(_ => words[random.Next(words.Length)])) + ".";
        }

        using var response = await gateway.PutAsJsonAsync($"/api/documents/{id}", new { contentType = "text/plain", content = $"{id}: {text}" }, cancellationToken);
        response.EnsureSuccessStatusCode();
    });

    var published = clock.Elapsed.TotalSeconds;
    var chunks = 0;
    foreach (var id in ids)
    {
        while (true)
        {
            var status = await gateway.GetFromJsonAsync<JsonElement>($"/api/documents/{id}");
            if (status.GetProperty("state").GetString() == "indexed")
            {
                chunks += status.GetProperty("chunkCount").GetInt32();
                break;
            }

            await Task.Delay(100);
        }
    }

    var seconds = clock.Elapsed.TotalSeconds;
    var cpuAfter = CpuSeconds(app);
    var cpu = cpuAfter.ToDictionary(c => c.Key, c => Math.Round(c.Value - cpuBefore.GetValueOrDefault(c.Key), 2));
    await app.DisposeAsync();
    Directory.Delete(data, recursive: true);
    return new ScaleOutResult(workers, documents, chunks, published, seconds, documents / seconds, chunks / seconds, cpu);
}

// CPU seconds each process of the system (with its children) has used so far, by resource (the workers' replicas summed as "worker").
static Dictionary<string, double> CpuSeconds(TestSystem app) =>
    app.Processes()
        .GroupBy(p => p.Resource, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Sum(p => ProcessTree.CpuSeconds(p.ProcessId)), StringComparer.Ordinal);

internal sealed record ScaleOutResult(int Workers, int Documents, int Chunks, double PublishSeconds, double Seconds, double DocumentsPerSecond, double ChunksPerSecond, Dictionary<string, double> CpuSeconds)
{
    /// <summary>Milliseconds of CPU a role spent per chunk: what the throughput on a machine with more cores would be bounded by.</summary>
    public double CpuMsPerChunk(string role) => Chunks == 0 ? 0 : CpuSeconds.GetValueOrDefault(role) * 1000 / Chunks;
}
