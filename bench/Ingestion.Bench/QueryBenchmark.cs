using System.Globalization;
using System.Net.Http.Json;
using Ingestion.Contracts;
using Ingestion.Core.Embeddings;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Search;
using Ingestion.Index;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Vectors;
using Microsoft.Extensions.Options;

namespace Ingestion.Bench;

/// <summary>
/// Benchmark 3: query latency (p50, p95, p99) of bm25, dense and hybrid search through the gateway's HTTP API and
/// as raw store calls in this process, at each index size; the quantised dense leg (the default) against exact
/// search: its recall@10 and latency; the gateway's resident memory per chunk; and hybrid queries per second through
/// the gateway with 1, 4 and 16 concurrent clients. The index holds the default model's vectors; the fp32 model's
/// query embedding is measured beside the default's as the yardstick hybrid search is held to, whatever the default.
/// </summary>
internal static class QueryBenchmark
{
    private static readonly string[] Modes = ["bm25", "dense", "hybrid"];
    private static readonly DenseSearchMode[] ApproximateModes = [DenseSearchMode.Quantized, DenseSearchMode.Binary];
    private static readonly DenseSearchMode DefaultDenseMode = LuceneSearchStrategy.Default.Dense;

    private static readonly Caller OneGroup = CallerIn([SyntheticIndex.EveryoneGroup]);
    private static readonly Caller ThousandGroups = CallerIn([.. Enumerable.Range(0, SyntheticIndex.ReaderGroups).Select(g => $"g{g}")]);

    /// <summary>Untimed calls per mode through the gateway before any mode is timed.</summary>
    private const int GatewayWarmUp = 100;

    /// <summary>Concurrent clients of the throughput runs, and the hybrid queries each run sends in all.</summary>
    private static readonly int[] Concurrency = [1, 4, 16];
    private const int ThroughputQueries = 800;

    public static async Task<object> RunAsync(string dataset, IReadOnlyList<int> sizes, int queryCount)
    {
        var queries = SciFactCorpus.Queries(dataset, queryCount);
        using var generator = OnnxSentenceEncoder.Load(SentenceEncoderModels.Default, Environment.ProcessorCount, batchSize: 32);
        using var yardstick = OnnxSentenceEncoder.Load(SentenceEncoderModels.MiniLmL6V2, Environment.ProcessorCount, batchSize: 32);
        // The query embedded on one thread that does not spin, so the BM25 leg has the other core beside it.
        using var oneThread = OnnxSentenceEncoder.Load(generator.Model, intraOpThreads: 1, batchSize: 32, allowSpinning: false);
        // Every SciFact chunk embedded: all of them for the dense leg on distinct real embeddings, 2,000 for the copies.
        var everyChunk = await SyntheticIndex.PrepareAsync(dataset, generator, sample: int.MaxValue);
        var index = everyChunk.Sampled(2000);
        var queryVectors = (await generator.GenerateAsync(queries)).Select(e => e.Vector).ToList();
        var fusion = new FusionParameters(FusionMethod.Cc, RrfK: 60, Window: 100, LexicalWeight: 0.5, DenseWeight: 0.5); // the gateway's defaults

        var results = new List<object>();
        var throughput = new List<object>();
        var modeRecall = new Dictionary<(int Size, DenseSearchMode Mode), double>();
        var memory = new List<(int Chunks, long Bytes)>();
        foreach (var size in sizes)
        {
            var data = Path.Combine(Path.GetTempPath(), "ingestion-bench", Guid.NewGuid().ToString("N"));
            try
            {
                var indexPath = Path.Combine(data, "index");
                var building = System.Diagnostics.Stopwatch.StartNew();
                await index.WriteAsync(indexPath, size);
                var buildSeconds = building.Elapsed.TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: index built in {buildSeconds:F1} s ({size / buildSeconds:F0} chunks/s, vectors given, one writer)"));

                // Raw store calls: the same searcher the gateway uses, in this process.
                var raw = new Dictionary<string, Latency>(StringComparer.Ordinal);
                using (var searcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexPath })))
                {
                    var hybrid = new HybridSearcher(searcher, new GeneratorQueryEmbedder(generator, generator.Model));
                    var numbered = Enumerable.Range(0, queries.Count).ToList();
                    raw["bm25"] = await LexicalLatencyAsync(searcher, queries);
                    raw["dense"] = await DenseLatencyAsync(searcher, queryVectors);
                    raw["hybrid"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, Caller.SingleUser, CancellationToken.None));

                    // The float32 vectors are read apart from the index's memory map so they are not resident in the gateway;
                    // the same searches rescoring from the mapped doc values, as before that, are the yardstick of its cost.
                    using (var mapped = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexPath }), LuceneSearchStrategy.Default with { RescoreFromMap = true }))
                    {
                        var mappedHybrid = new HybridSearcher(mapped, new GeneratorQueryEmbedder(generator, generator.Model));
                        raw["dense, rescored from the map"] = await DenseLatencyAsync(mapped, queryVectors);
                        raw["hybrid, rescored from the map"] = await Latency.MeasureAsync(numbered, i => mappedHybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, Caller.SingleUser, CancellationToken.None));
                    }

                    raw["dense, second time"] = await DenseLatencyAsync(searcher, queryVectors);
                    raw["hybrid, second time"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, Caller.SingleUser, CancellationToken.None));

                    // Document permissions: the same hybrid search by a caller in one group and by one in a thousand (both
                    // may read every document), then with none again, so the ratio is against the mean of the runs around them.
                    raw["hybrid, 1 group"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, OneGroup, CancellationToken.None));
                    raw["hybrid, 1000 groups"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, ThousandGroups, CancellationToken.None));
                    // A caller's permission bit sets are computed once per segment and kept; a new caller for every query
                    // pays for them each time (the first search of each caller).
                    var newCallers = numbered.Select(i => CallerIn([.. Enumerable.Range(0, SyntheticIndex.ReaderGroups).Select(g => $"g{g}")], $"caller-{i}")).ToList();
                    raw["hybrid, 1000 groups, a new caller each"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, newCallers[i], CancellationToken.None), warmUp: 0);
                    raw["hybrid again"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, Caller.SingleUser, CancellationToken.None));

                    // Documents ranked as documents (a grouped search's ranking, evaluation's): whole-document BM25 and the
                    // dense leg over the default window of 1,000 documents, ten documents with three chunks each.
                    var documents = new FusionDefaults();
                    raw["hybrid documents (grouped), window 1000"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchDocumentsAsync(queries[i], SearchMode.Hybrid, 10, 3, documents.ToParameters() with { Window = documents.DocumentWindow }, SearchFilter.None, Caller.SingleUser, CancellationToken.None));
                    raw["hybrid documents (grouped), window 100"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchDocumentsAsync(queries[i], SearchMode.Hybrid, 10, 3, documents.ToParameters() with { Window = 100 }, SearchFilter.None, Caller.SingleUser, CancellationToken.None));

                    using var exactSearcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexPath }), LuceneSearchStrategy.DenseBy(DenseSearchMode.Exact));
                    raw["dense exact"] = await DenseLatencyAsync(exactSearcher, queryVectors);

                    // Lucene's own lexical search, scoring every chunk that matches a term, beside the pruned default.
                    using (var exhaustive = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexPath }), LuceneSearchStrategy.Unpruned))
                    {
                        raw["bm25 exhaustive"] = await LexicalLatencyAsync(exhaustive, queries);
                    }

                    // Each approximate mode, the default too, measured again here once the process is warm: latency and
                    // recall@10 against exact search on the same index.
                    foreach (var mode in ApproximateModes)
                    {
                        using var modeSearcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = indexPath }), LuceneSearchStrategy.DenseBy(mode));
                        raw[$"dense {mode}"] = await DenseLatencyAsync(modeSearcher, queryVectors);
                        modeRecall[(size, mode)] = await RecallBenchmark.RecallAtTenAsync(modeSearcher, exactSearcher, queryVectors);
                    }

                    // The raw dense leg above starts from a ready query vector; the gateway embeds the query first.
                    raw["embed query"] = await Latency.MeasureAsync(numbered, i => generator.GenerateAsync([queries[i]]));
                    raw["embed query, fp32 yardstick"] = await Latency.MeasureAsync(numbered, i => yardstick.GenerateAsync([queries[i]]));
                    raw["embed query, one thread"] = await Latency.MeasureAsync(numbered, i => oneThread.GenerateAsync([queries[i]]));
                    var overlapped = new HybridSearcher(searcher, new GeneratorQueryEmbedder(oneThread, oneThread.Model));
                    raw["hybrid, query embedded on one thread"] = await Latency.MeasureAsync(numbered, i => overlapped.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, Caller.SingleUser, CancellationToken.None));
                    raw["hybrid, third time"] = await Latency.MeasureAsync(numbered, i => hybrid.SearchAsync(queries[i], SearchMode.Hybrid, 10, fusion, Caller.SingleUser, CancellationToken.None));
                }

                // Through the gateway, started by the AppHost on the same index.
                var gateway = new Dictionary<string, Latency>(StringComparer.Ordinal);
                long resident, indexerResident;
                // Both caches off: the figures are the search path's own, not those of a repeated query.
                await using (var system = await BenchSystem.StartAsync(data, "--Gateway:ResultCacheLifetime=00:00:00", "--EmbeddingCache:Enabled=false"))
                {
                    // A fresh system starts its services (models loaded, indexes opened) for a while after it reports healthy.
                    var quiet = await BenchSystem.WaitIdleAsync(system, TimeSpan.FromMinutes(5));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: the system went idle {quiet.TotalSeconds:F0} s after it was healthy"));
                    // The gateway's own time for each answer (its tookMs), beside the client's: the difference is HTTP and JSON.
                    async Task<double> SearchAsync(string mode, string q)
                    {
                        using var response = await system.Gateway.GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/search?q={Uri.EscapeDataString(q)}&mode={mode}&k=10"));
                        response.EnsureSuccessStatusCode();
                        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("tookMs").GetDouble();
                    }

                    // Every mode warmed before any is measured: a fresh gateway's code paths are still being compiled by the
                    // JIT's tiers, which is not the latency a running gateway gives, and would weigh on whichever mode came first.
                    foreach (var mode in Modes)
                    {
                        foreach (var q in queries.Take(GatewayWarmUp))
                        {
                            await SearchAsync(mode, q);
                        }
                    }

                    foreach (var mode in Modes)
                    {
                        var cpuBefore = BenchSystem.CpuSecondsByResource(system);
                        var took = new List<double>();
                        gateway[mode] = await Latency.MeasureAsync(queries, async q => took.Add(await SearchAsync(mode, q)), warmUp: 0);
                        gateway[$"{mode} in gateway"] = Latency.Of(took);
                        var cpu = BenchSystem.CpuSecondsByResource(system).Select(p => (p.Key, Seconds: p.Value - cpuBefore.GetValueOrDefault(p.Key))).Where(p => p.Seconds >= 0.05).OrderByDescending(p => p.Seconds);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks {mode,-6}: CPU seconds while measured: {string.Join(", ", cpu.Select(p => $"{p.Key} {p.Seconds:F1}"))} ({queries.Count} queries)"));
                    }

                    resident = BenchSystem.ResidentBytes(system, ResourceNames.Gateway);
                    indexerResident = BenchSystem.ResidentBytes(system, ResourceNames.Indexer);

                    // Sustained hybrid queries per second: clients that each send their next query when the last is answered.
                    foreach (var clients in Concurrency)
                    {
                        var cpuBefore = BenchSystem.CpuSecondsByResource(system);
                        var run = await Throughput.MeasureAsync(queries, clients, ThroughputQueries, q => SearchAsync("hybrid", q));
                        var gatewayCpu = BenchSystem.CpuSecondsByResource(system)[ResourceNames.Gateway] - cpuBefore[ResourceNames.Gateway];
                        throughput.Add(new { chunks = size, run.Clients, run.QueriesPerSecond, run.Latency, gatewayCpuMillisecondsPerQuery = Math.Round(gatewayCpu * 1000 / run.Queries, 2) });
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: {clients,2} concurrent clients: {run.QueriesPerSecond:F1} hybrid queries/s, p50 {run.Latency.P50:F2} p99 {run.Latency.P99:F2} ms, gateway CPU {gatewayCpu * 1000 / run.Queries:F2} ms per query"));
                    }
                }

                // Two gateways in this process over the index, one single-user and one with identities, query by query in turn:
                // hybrid without identities, with a 1-group token and with a 1,000-group token.
                using (var openGateway = new InProcessGateway(indexPath, []))
                using (var securedGateway = new InProcessGateway(indexPath, BenchTokens.Settings))
                {
                    using var openClient = openGateway.CreateClient();
                    using var securedClient = securedGateway.CreateClient();
                    var turns = new (string Name, HttpClient Client, string? Token)[]
                    {
                        ("in-process gateway hybrid, no identities", openClient, null),
                        ("in-process gateway hybrid, token of 1 group", securedClient, BenchTokens.Mint([SyntheticIndex.EveryoneGroup])),
                        ("in-process gateway hybrid, token of 1000 groups", securedClient, BenchTokens.Mint([.. Enumerable.Range(0, SyntheticIndex.ReaderGroups).Select(g => $"g{g}")])),
                    };
                    var took = turns.Select(_ => new List<double>()).ToArray();
                    // The gateway's own time (tookMs) beside the client's: what identities add outside the search is the rest.
                    var inside = turns.Select(_ => new List<double>()).ToArray();
                    for (var round = 0; round < 2; round++)
                    {
                        // The first round warms both processes' code paths up and is not kept.
                        foreach (var q in queries)
                        {
                            for (var t = 0; t < turns.Length; t++)
                            {
                                using var request = new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/api/search?q={Uri.EscapeDataString(q)}&mode=hybrid&k=10"));
                                if (turns[t].Token is { } token)
                                {
                                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                                }

                                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                                using var response = await turns[t].Client.SendAsync(request);
                                response.EnsureSuccessStatusCode();
                                var answer = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                                if (round == 1)
                                {
                                    took[t].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                                    inside[t].Add(answer.GetProperty("tookMs").GetDouble());
                                }
                            }
                        }
                    }

                    var none = Latency.Of(took[0]);
                    for (var t = 0; t < turns.Length; t++)
                    {
                        gateway[turns[t].Name] = Latency.Of(took[t]);
                        var own = Latency.Of(inside[t]);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: {turns[t].Name} p50 {gateway[turns[t].Name].P50:F2} p99 {gateway[turns[t].Name].P99:F2} ms: {gateway[turns[t].Name].P50 / none.P50:F2}x / {gateway[turns[t].Name].P99 / none.P99:F2}x without identities (its own tookMs p50 {own.P50:F2} p99 {own.P99:F2})"));
                    }
                }

                // Through a gateway with identities, on the same index: hybrid with the bearer token of a caller in one group
                // and of one in a thousand (both read every document), against the single-user gateway's hybrid above.
                await using (var secured = await BenchSystem.StartAsync(data, [.. BenchTokens.Settings, "--Gateway:ResultCacheLifetime=00:00:00", "--EmbeddingCache:Enabled=false"]))
                {
                    await BenchSystem.WaitIdleAsync(secured, TimeSpan.FromMinutes(5));
                    var callers = new (string Name, string Token)[]
                    {
                        ("hybrid, token of 1 group", BenchTokens.Mint([SyntheticIndex.EveryoneGroup])),
                        ("hybrid, token of 1000 groups", BenchTokens.Mint([.. Enumerable.Range(0, SyntheticIndex.ReaderGroups).Select(g => $"g{g}")])),
                    };
                    async Task SearchAsAsync(string token, string q)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/api/search?q={Uri.EscapeDataString(q)}&mode=hybrid&k=10"));
                        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                        using var response = await secured.Gateway.SendAsync(request);
                        response.EnsureSuccessStatusCode();
                    }

                    // As long a warm-up as the single-user gateway's (every mode's), then the two callers query by query in
                    // turn, so neither is measured in a warmer process than the other.
                    foreach (var q in queries.Take(GatewayWarmUp * Modes.Length / callers.Length))
                    {
                        foreach (var (_, token) in callers)
                        {
                            await SearchAsAsync(token, q);
                        }
                    }

                    var times = callers.Select(_ => new List<double>()).ToArray();
                    foreach (var q in queries)
                    {
                        for (var c = 0; c < callers.Length; c++)
                        {
                            var started = System.Diagnostics.Stopwatch.GetTimestamp();
                            await SearchAsAsync(callers[c].Token, q);
                            times[c].Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        }
                    }

                    for (var c = 0; c < callers.Length; c++)
                    {
                        var name = callers[c].Name;
                        gateway[name] = Latency.Of(times[c]);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: gateway {name} p50 {gateway[name].P50:F2} p99 {gateway[name].P99:F2} ms: {gateway[name].P50 / gateway["hybrid"].P50:F2}x / {gateway[name].P99 / gateway["hybrid"].P99:F2}x the single-user gateway's hybrid"));
                    }
                }

                memory.Add((size, resident));
                foreach (var mode in Modes)
                {
                    var inside = gateway[$"{mode} in gateway"];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks {mode,-6}: gateway p50 {gateway[mode].P50,6:F2} p95 {gateway[mode].P95,6:F2} p99 {gateway[mode].P99,6:F2} ms (its own tookMs p50 {inside.P50,6:F2} p99 {inside.P99,6:F2}) | raw store p50 {raw[mode].P50,6:F2} p95 {raw[mode].P95,6:F2} p99 {raw[mode].P99,6:F2} ms"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: raw dense, exact float32 scan p50 {raw["dense exact"].P50:F2} p95 {raw["dense exact"].P95:F2} p99 {raw["dense exact"].P99:F2} ms; the default ({DefaultDenseMode}) mode's recall@10 against exact {modeRecall[(size, DefaultDenseMode)]:F4}"));
                var unpruned = raw["bm25 exhaustive"];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: raw bm25 without pruning (Lucene's exhaustive search) p50 {unpruned.P50:F2} p95 {unpruned.P95:F2} p99 {unpruned.P99:F2} ms"));
                foreach (var mode in ApproximateModes)
                {
                    var latency = raw[$"dense {mode}"];
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: raw dense, {mode} p50 {latency.P50:F2} p95 {latency.P95:F2} p99 {latency.P99:F2} ms; recall@10 against exact {modeRecall[(size, mode)]:F4}"));
                }

                var open = (P50: (raw["hybrid"].P50 + raw["hybrid again"].P50) / 2, P99: (raw["hybrid"].P99 + raw["hybrid again"].P99) / 2);
                foreach (var permitted in new[] { "hybrid, 1 group", "hybrid, 1000 groups", "hybrid, 1000 groups, a new caller each" })
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: raw {permitted} p50 {raw[permitted].P50:F2} p99 {raw[permitted].P99:F2} ms: {raw[permitted].P50 / open.P50:F2}x / {raw[permitted].P99 / open.P99:F2}x the search without permissions (p50 {raw["hybrid"].P50:F2} then {raw["hybrid again"].P50:F2}, p99 {raw["hybrid"].P99:F2} then {raw["hybrid again"].P99:F2} ms)"));
                }

                foreach (var leg in new[] { "dense", "hybrid" })
                {
                    var (before, after, fromMap) = (raw[leg], raw[$"{leg}, second time"], raw[$"{leg}, rescored from the map"]);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: raw {leg}, vectors read apart from the map p50 {before.P50:F2} then {after.P50:F2}, p99 {before.P99:F2} then {after.P99:F2} ms; rescored from the map p50 {fromMap.P50:F2} p99 {fromMap.P99:F2} ms: p99 {(before.P99 + after.P99) / 2 / fromMap.P99:F2}x"));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: embedding a query alone p50 {raw["embed query"].P50:F2} p95 {raw["embed query"].P95:F2} ms with {generator.Model.Name} (part of gateway dense and of both hybrids); with the fp32 yardstick p50 {raw["embed query, fp32 yardstick"].P50:F2} p95 {raw["embed query, fp32 yardstick"].P95:F2} ms"));
                var fp32Embedding = raw["embed query, fp32 yardstick"].P50;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: hybrid p50 against the fp32 query embedding's p50: gateway {gateway["hybrid"].P50 / fp32Embedding:F2}x, raw {raw["hybrid"].P50 / fp32Embedding:F2}x"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: the query embedded on one thread p50 {raw["embed query, one thread"].P50:F2} p95 {raw["embed query, one thread"].P95:F2} ms; raw hybrid with it p50 {raw["hybrid, query embedded on one thread"].P50:F2} p99 {raw["hybrid, query embedded on one thread"].P99:F2} ms against two threads' p50 {raw["hybrid, third time"].P50:F2} p99 {raw["hybrid, third time"].P99:F2} ms just after"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size,7} chunks: gateway resident memory {resident / 1048576.0:F0} MiB ({(double)resident / size:F0} bytes per chunk, the process's own memory included); the indexer's (its writer open on the index, idle) {indexerResident / 1048576.0:F0} MiB"));
                results.Add(new { chunks = size, indexBuildSeconds = Math.Round(buildSeconds, 1), gateway, raw, recallAt10ByMode = ApproximateModes.ToDictionary(m => m.ToString(), m => modeRecall[(size, m)]), gatewayResidentBytes = resident, indexerResidentBytes = indexerResident });
            }
            finally
            {
                if (Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }
            }
        }

        double? bytesPerChunk = memory.Count >= 2 ? (double)(memory[^1].Bytes - memory[0].Bytes) / (memory[^1].Chunks - memory[0].Chunks) : null;
        if (bytesPerChunk is { } perChunk)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gateway memory per chunk (difference between the largest and smallest index): {perChunk:F0} bytes (the dense vectors alone are {generator.Model.Dimension * 4} bytes)"));
        }

        // The same default dense leg on distinct real embeddings, in the same run as the noisy copies above.
        var realEmbeddings = await RecallBenchmark.DefaultLegAsync(everyChunk, dataset, generator, queryCount);
        return new { queries = queries.Count, model = generator.Model.Name, sizes = results, throughput, gatewayBytesPerChunk = bytesPerChunk is { } b ? Math.Round(b) : (double?)null, realEmbeddings };
    }

    private static Task<Latency> LexicalLatencyAsync(LuceneChunkIndexReader searcher, IReadOnlyList<string> queries) =>
        Latency.MeasureAsync(queries, async query =>
        {
            using var snapshot = searcher.AcquireSnapshot();
            await snapshot.SearchLexicalAsync(query, 10, SearchFilter.None, CancellationToken.None);
        });

    private static Task<Latency> DenseLatencyAsync(LuceneChunkIndexReader searcher, IReadOnlyList<ReadOnlyMemory<float>> queryVectors) =>
        Latency.MeasureAsync(queryVectors, async vector =>
        {
            using var snapshot = searcher.AcquireSnapshot();
            await snapshot.SearchDenseAsync(vector, 10, SearchFilter.None, CancellationToken.None);
        });

    private static Caller CallerIn(string[] groups, string user = "bench-user") =>
        Caller.Of(new System.Security.Claims.ClaimsPrincipal(CallerClaims.Identity("bench", user, [Scopes.Read], groups)));
}
