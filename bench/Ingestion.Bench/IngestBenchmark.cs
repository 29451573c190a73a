using System.Diagnostics;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;

namespace Ingestion.Bench;

/// <summary>
/// Benchmarks 1 and 2: chunks per second from publish to searchable against the bare encoder embedding the same
/// chunk texts in the same run; then the same corpus re-published with about 10% of its chunks changed, against the
/// cold ingestion (unchanged chunks come from the Redis embedding cache); last, hybrid search latency through the
/// gateway while other documents are being embedded, against the same searches on the idle system just before.
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>Documents ingested first, after the start and before the measured corpus (see <see cref="RunAsync"/>).</summary>
    private const int WarmUpDocuments = 150;

    /// <summary>Documents ingested while searches are timed (<see cref="SearchUnderIngestAsync"/>).</summary>
    private const int UnderIngestDocuments = 400;

    /// <summary>Searches timed on the idle system before those documents are published.</summary>
    private const int IdleSearches = 300;

    public static async Task<object> RunAsync(string dataset, int documents)
    {
        var all = SciFactCorpus.Documents(dataset, documents + WarmUpDocuments + UnderIngestDocuments);
        IReadOnlyList<BenchDocument> corpus = [.. all.Take(documents)];
        IReadOnlyList<BenchDocument> warmUp = [.. all.Skip(documents).Take(WarmUpDocuments)];
        IReadOnlyList<BenchDocument> underIngest = [.. all.Skip(documents + WarmUpDocuments)];
        var queries = SciFactCorpus.Queries(dataset, int.MaxValue);
        var data = Path.Combine(Path.GetTempPath(), "ingestion-bench", Guid.NewGuid().ToString("N"));
        try
        {
            await using var system = await BenchSystem.StartAsync(data);
            using var generator = OnnxSentenceEncoder.Load(SentenceEncoderModels.Default, Environment.ProcessorCount, batchSize: 32);
            var chunker = BenchChunker.For(generator);

            // A fresh system starts its services (models loaded, indexes opened, code compiled) for a while after it
            // reports healthy, and this process loads its own encoder: measured from there, the cold ingestion would
            // carry every service's start-up beside its documents (about half a core for the first 30 s).
            var quiet = await BenchSystem.WaitIdleAsync(system, TimeSpan.FromMinutes(5));
            Console.WriteLine($"the system went idle {quiet.TotalSeconds:F0} s after it was healthy");

            // The first documents after a start also pay for compiling every service's code on their path (the JIT's
            // tiers: about 20 s of half a core in the gateway and in the indexer here). They are other documents than
            // the corpus, so the corpus still finds the embedding cache cold; their rate is reported on its own.
            var firstClock = Stopwatch.StartNew();
            var firstCpuBefore = BenchSystem.CpuSecondsByResource(system);
            await GatewayFeed.PublishAsync(system.Gateway, warmUp, version: 1);
            var firstChunks = await GatewayFeed.WaitIndexedAsync(system.Gateway, warmUp, 1, TimeSpan.FromMinutes(30));
            var firstSeconds = firstClock.Elapsed.TotalSeconds;
            var firstCpu = CpuMillisecondsPerChunk(firstCpuBefore, BenchSystem.CpuSecondsByResource(system), firstChunks);
            Console.WriteLine($"first documents after the start: {warmUp.Count} documents, {firstChunks} chunks in {firstSeconds:F1} s = {firstChunks / firstSeconds:F1} chunks/s");
            Console.WriteLine("CPU ms per chunk for the first documents: " + string.Join(", ", firstCpu.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:F2}")));
            await BenchSystem.WaitIdleAsync(system, TimeSpan.FromMinutes(5));

            var cpuBefore = BenchSystem.CpuSecondsByResource(system);
            var clock = Stopwatch.StartNew();
            await GatewayFeed.PublishAsync(system.Gateway, corpus, version: 1);
            var chunks = await GatewayFeed.WaitIndexedAsync(system.Gateway, corpus, 1, TimeSpan.FromMinutes(30));
            var coldSeconds = clock.Elapsed.TotalSeconds;
            var cpuAfter = BenchSystem.CpuSecondsByResource(system);
            Console.WriteLine($"cold ingestion: {corpus.Count} documents, {chunks} chunks in {coldSeconds:F1} s = {chunks / coldSeconds:F1} chunks/s");
            var cpuPerChunk = CpuMillisecondsPerChunk(cpuBefore, cpuAfter, chunks);
            Console.WriteLine("CPU ms per chunk during the cold ingestion: " + string.Join(", ", cpuPerChunk.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value:F2}")));

            var (bareChunks, bareSeconds) = await BareEncoderAsync(corpus, generator, chunker);
            Console.WriteLine($"bare encoder:   {bareChunks} chunks in {bareSeconds:F1} s = {bareChunks / bareSeconds:F1} chunks/s (batches of 32, {Environment.ProcessorCount} threads)");

            var (revised, changedFraction) = Revise(corpus, chunker);
            clock.Restart();
            await GatewayFeed.PublishAsync(system.Gateway, revised, version: 2);
            var revisedChunks = await GatewayFeed.WaitIndexedAsync(system.Gateway, revised, 2, TimeSpan.FromMinutes(30));
            var reSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"re-ingestion:   {revised.Count} documents, {revisedChunks} chunks ({changedFraction:P1} changed) in {reSeconds:F1} s = {revisedChunks / reSeconds:F1} chunks/s");

            await BenchSystem.WaitIdleAsync(system, TimeSpan.FromMinutes(5));
            var (idle, busy, busyChunks, busySeconds) = await SearchUnderIngestAsync(system.Gateway, underIngest, queries);
            Console.WriteLine($"hybrid search, idle:        p50 {idle.P50:F2} p95 {idle.P95:F2} p99 {idle.P99:F2} ms ({idle.Samples} searches)");
            Console.WriteLine($"hybrid search, under ingest: p50 {busy.P50:F2} p95 {busy.P95:F2} p99 {busy.P99:F2} ms ({busy.Samples} searches while {busyChunks} chunks were indexed in {busySeconds:F1} s): p99 {busy.P99 / idle.P99:F2}x idle, p50 {busy.P50 / idle.P50:F2}x");

            var pipelineRate = chunks / coldSeconds;
            var bareRate = bareChunks / bareSeconds;
            Console.WriteLine($"pipeline / bare encoder: {pipelineRate / bareRate:F2} (the first documents after the start: {firstChunks / firstSeconds / bareRate:F2}); re-ingestion time / cold time: {reSeconds / coldSeconds:F2}");
            return new
            {
                documents = corpus.Count,
                cold = new { chunks, seconds = Math.Round(coldSeconds, 2), chunksPerSecond = Math.Round(pipelineRate, 2) },
                bareEncoder = new { chunks = bareChunks, seconds = Math.Round(bareSeconds, 2), chunksPerSecond = Math.Round(bareRate, 2) },
                pipelineToBareRatio = Math.Round(pipelineRate / bareRate, 3),
                firstDocumentsAfterStart = new { documents = warmUp.Count, chunks = firstChunks, seconds = Math.Round(firstSeconds, 2), ratioToBare = Math.Round(firstChunks / firstSeconds / bareRate, 3), cpuMillisecondsPerChunk = firstCpu },
                cpuMillisecondsPerChunk = cpuPerChunk,
                reingestion = new { chunks = revisedChunks, changedChunkFraction = Math.Round(changedFraction, 4), seconds = Math.Round(reSeconds, 2), chunksPerSecond = Math.Round(revisedChunks / reSeconds, 2) },
                reingestionToColdTimeRatio = Math.Round(reSeconds / coldSeconds, 3),
                searchUnderIngest = new { idle, underIngest = busy, chunks = busyChunks, seconds = Math.Round(busySeconds, 2), p99Ratio = Math.Round(busy.P99 / idle.P99, 3), p50Ratio = Math.Round(busy.P50 / idle.P50, 3) },
            };
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>
    /// Hybrid searches one after another through the gateway, first on the idle system, then while
    /// <paramref name="documents"/> are published and embedded, until they are indexed. Every search is of another text
    /// (a SciFact query with its number), so neither the result cache nor the embedding cache answers any of them.
    /// </summary>
    private static async Task<(Latency Idle, Latency Busy, int Chunks, double Seconds)> SearchUnderIngestAsync(HttpClient gateway, IReadOnlyList<BenchDocument> documents, IReadOnlyList<string> queries)
    {
        var next = 0;
        async Task SearchAsync()
        {
            var n = next++;
            var text = $"{queries[n % queries.Count]} {n}";
            using var response = await gateway.GetAsync($"/api/search?q={Uri.EscapeDataString(text)}&mode=hybrid&k=10");
            response.EnsureSuccessStatusCode();
        }

        var idle = await Latency.MeasureAsync(Enumerable.Range(0, IdleSearches).ToList(), _ => SearchAsync());
        var clock = Stopwatch.StartNew();
        var ingest = Task.Run(async () =>
        {
            await GatewayFeed.PublishAsync(gateway, documents, version: 1);
            return await GatewayFeed.WaitIndexedAsync(gateway, documents, 1, TimeSpan.FromMinutes(30));
        });
        var busy = new List<double>();
        while (!ingest.IsCompleted)
        {
            var started = Stopwatch.GetTimestamp();
            await SearchAsync();
            busy.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var chunks = await ingest;
        return (idle, Latency.Of(busy), chunks, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Each process's CPU between two readings of <see cref="BenchSystem.CpuSecondsByResource"/>, in milliseconds per chunk.</summary>
    private static Dictionary<string, double> CpuMillisecondsPerChunk(Dictionary<string, double> before, Dictionary<string, double> after, int chunks) =>
        after.ToDictionary(p => p.Key, p => Math.Round((p.Value - before.GetValueOrDefault(p.Key)) * 1000 / chunks, 2), StringComparer.Ordinal);

    /// <summary>The same chunk texts the worker embeds (same chunker and settings), embedded in-process in batches of 32.</summary>
    private static async Task<(int Chunks, double Seconds)> BareEncoderAsync(IReadOnlyList<BenchDocument> corpus, OnnxSentenceEncoder generator, TextChunker chunker)
    {
        var texts = corpus.SelectMany(d => chunker.Split(d.Text).Select(c => EmbeddingText.Of(d.Id, d.Title, c.Text))).ToList();
        return (texts.Count, await BareEncoder.SecondsToEmbedAsync(generator, texts));
    }

    /// <summary>
    /// Two documents in five get a sentence appended, which changes their last chunk (and only that, since chunks
    /// are cut from the start): about 10% of all chunks. Returns the revised corpus and the exact fraction changed.
    /// </summary>
    private static (IReadOnlyList<BenchDocument> Revised, double ChangedFraction) Revise(IReadOnlyList<BenchDocument> corpus, TextChunker chunker)
    {
        var revised = corpus.Select((d, i) => i % 5 < 2 ? d with { Text = d.Text + " These findings were revised in a later report." } : d).ToList();
        int total = 0, changed = 0;
        for (var i = 0; i < corpus.Count; i++)
        {
            var before = chunker.Split(corpus[i].Text).Select(c => c.Text).ToHashSet(StringComparer.Ordinal);
            var after = chunker.Split(revised[i].Text).Select(c => c.Text).ToList();
            total += after.Count;
            changed += after.Count(text => !before.Contains(text));
        }

        return (revised, (double)changed / total);
    }
}
