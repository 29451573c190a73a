using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.AppHost;
using Ingestion.Contracts;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;

// Ingestion throughput with 1, 2, 3, ... embedding worker processes: for each count, a fresh system
// (own data folder, free ports) ingests the same documents, and the time from the first PUT to the
// last document indexed gives documents and chunks per second. Prints a table and writes a JSON report.
var modelPath = Environment.GetEnvironmentVariable("Embeddings__ModelPath");
if (string.IsNullOrEmpty(modelPath))
{
    Console.Error.WriteLine("scale-out bench: set Embeddings__ModelPath (bash bench/scaleout.sh does).");
    return 2;
}

var workerCounts = Argument("--workers", "1,2,3").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList();
var documents = int.Parse(Argument("--documents", "400"), CultureInfo.InvariantCulture);
var report = Argument("--report", Path.Combine("bench", "results", "scaleout.json"));
var results = new List<ScaleOutResult>();
foreach (var workers in workerCounts)
{
    results.Add(await MeasureAsync(workers, documents, modelPath));
    var r = results[^1];
    Console.WriteLine($"workers {r.Workers}: {r.Documents} documents, {r.Chunks} chunks in {r.Seconds:F1} s = {r.DocumentsPerSecond:F1} documents/s, {r.ChunksPerSecond:F1} chunks/s");
}

Console.WriteLine();
Console.WriteLine("| workers | documents/s | chunks/s | vs 1 worker |");
Console.WriteLine("| ---: | ---: | ---: | ---: |");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Workers} | {r.DocumentsPerSecond:F1} | {r.ChunksPerSecond:F1} | {r.ChunksPerSecond / results[0].ChunksPerSecond:F2}x |");
}

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(report))!);
await File.WriteAllTextAsync(report, JsonSerializer.Serialize(new { machine = new { Environment.ProcessorCount }, results }, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"report: {report}");
return 0;

string Argument(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

static async Task<ScaleOutResult> MeasureAsync(int workers, int documents, string modelPath)
{
    var data = Path.Combine(Path.GetTempPath(), "ingestion-bench", Guid.NewGuid().ToString("N"));
    var builder = DistributedApplication.CreateBuilder(
    [
        $"--AppHost:DataPath={data}",
        "--AppHost:GatewayPort=0",
        $"--AppHost:Workers={workers}",
        "--Dashboard:Enabled=false",
        $"--Embeddings:ModelPath={modelPath}",
    ]);
    IngestionApp.Define(builder);
    await using var app = builder.Build();
    app.EchoToConsole = false;
    await app.StartAsync();
    using var gateway = new HttpClient { BaseAddress = app.Get<ProjectResource>(ResourceNames.Gateway).HttpEndpoint };

    var random = new Random(42);
    string[] words = ["retrieval", "fusion", "ranking", "vector", "lexical", "chunk", "embedding", "index", "broker", "replica", "version", "commit", "segment", "query", "latency", "recall"];
    var ids = Enumerable.Range(0, documents).Select(i => $"bench-{i:D5}").ToList();
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
    await app.DisposeAsync();
    Directory.Delete(data, recursive: true);
    return new ScaleOutResult(workers, documents, chunks, seconds, documents / seconds, chunks / seconds);
}

internal sealed record ScaleOutResult(int Workers, int Documents, int Chunks, double Seconds, double DocumentsPerSecond, double ChunksPerSecond);
