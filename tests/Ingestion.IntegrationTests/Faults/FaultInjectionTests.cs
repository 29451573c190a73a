using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Ingestion.Contracts;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;
using Ingestion.Hosting;
using Ingestion.Index;
using Ingestion.Index.Lucene.Reading;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Ingestion.IntegrationTests.Faults;

/// <summary>
/// The index must end equal to the newest state of every document whatever fails on the way. Two
/// embedding workers and the indexer take over two thousand shuffled, duplicated events (with poison
/// documents among them) while one worker is killed with SIGKILL, RabbitMQ is restarted, Redis is
/// restarted, a second indexer is started on the same index, the embedding model is switched to another and back,
/// Redis loses all its data (FLUSHALL), and the index's
/// disk fills up (a real tmpfs, where the test runs as root); then the index is compared chunk by chunk with the
/// expected final state, and every document's status with it.
/// </summary>
[Collection(Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// Runs alone, after the other tests: it starts a system of its own and loads both cores, which would
    /// otherwise starve the shared system's tests of CPU and make their timeouts meaningless.
    /// </summary>
    public const string Name = "faults";

    private const int Documents = 500;
    private const int Publishers = 8;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(6);

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"));
    private TestSystem _system = null!;
    private SmallFileSystem? _indexDisk;
    private string? _noIndexDisk;
    private HttpClient _gateway = null!;
    private int _settled;
    private HashSet<string> _failedBeforeFlush = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        // The index gets a disk of its own that the test can fill: Redis and RabbitMQ keep theirs.
        (_indexDisk, _noIndexDisk) = SmallFileSystem.TryMount(256L * 1024 * 1024, Path.Combine(_dataPath, "index"));
        _system = await TestSystem.StartAsync(_dataPath, ["--AppHost:Workers=2"]);
        _gateway = new HttpClient { BaseAddress = _system.Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _gateway?.Dispose();
        await _system.DisposeAsync();
        _indexDisk?.Dispose();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task TheIndexEndsEqualToTheNewestVersionOfEveryDocumentDespiteKillsAndRestarts()
    {
        var seed = Environment.GetEnvironmentVariable("FAULT_TEST_SEED") is { Length: > 0 } given ? int.Parse(given, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var prefix = $"f{Guid.NewGuid():N}"[..9];
        var plan = EventPlan.Create(seed, Documents, prefix);
        output.WriteLine($"seed {seed}: {plan.Events.Count} events for {plan.FinalByDocument.Count} documents and {plan.PoisonCount} poison documents");
        Assert.True(plan.Events.Count >= 2000, $"The plan has only {plan.Events.Count} events.");

        var clock = Stopwatch.StartNew();
        var published = 0;
        var faults = InjectFaultsAsync(() => Volatile.Read(ref published), plan);
        var queue = new ConcurrentQueue<PlannedEvent>(plan.Events);
        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(async _ =>
        {
            while (queue.TryDequeue(out var change))
            {
                await PublishAsync(change);
                Interlocked.Increment(ref published);
            }
        }));
        var publishedAfter = clock.Elapsed;

        var expectedFailed = plan.Events.Where(e => e.IsPoison).Select(e => e.DocumentId).ToHashSet(StringComparer.Ordinal);
        // A fault step that fails ends the test at once, with its reason, rather than as documents that never settle.
        var settling = WaitUntilSettledAsync(plan);
        if (await Task.WhenAny(settling, faults) == faults)
        {
            await faults;
        }

        await settling;
        var settledAfter = clock.Elapsed;
        await faults;
        await WaitForNoReindexAsync();

        var report = await CompareIndexAsync(plan);
        var mismatched = await CompareStatusesAsync(plan);

        // A failure is known to Redis alone: a poison document that had failed before the FLUSHALL has no status now
        // (README says so), and it must not have become anything else.
        var poisonReported = 0;
        foreach (var id in expectedFailed)
        {
            var status = await StatusAsync(id);
            if (status?.GetProperty("state").GetString() == "failed" && status.Value.GetProperty("error").GetString() is { Length: > 0 })
            {
                poisonReported++;
            }
            else if (status is null && _failedBeforeFlush.Contains(id))
            {
                poisonReported++;
            }
        }

        output.WriteLine($"published {plan.Events.Count} events in {publishedAfter.TotalSeconds:F1} s; settled after {settledAfter.TotalSeconds:F1} s");
        output.WriteLine($"expected chunks {report.Expected}, indexed chunks {report.Indexed}");
        output.WriteLine($"lost {report.Lost}, duplicate {report.Duplicate}, stale {report.Stale}, statuses not matching the index {mismatched.Count}");
        output.WriteLine($"poison documents sent {expectedFailed.Count}, reported failed with a reason {poisonReported} ({_failedBeforeFlush.Count} of them before the FLUSHALL)");

        foreach (var id in IndexerPoison(plan))
        {
            var failed = await Eventually.ValueAsync(async () => await StatusAsync(id) is { } s && s.GetProperty("state").GetString() == "failed" ? s : (JsonElement?)null, $"{id} to fail at the indexer", SettleTimeout);
            Assert.Contains("contentType", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal("index", failed.GetProperty("failedStep").GetString());
        }

        output.WriteLine($"poisoned documents sent to the indexer {IndexerPoison(plan).Count}, each failed with its reason");
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicate);
        Assert.Equal(0, report.Stale);
        Assert.True(mismatched.Count == 0, $"Statuses not matching the index: {string.Join(", ", mismatched.Take(5))}");
        Assert.Equal(expectedFailed.Count, poisonReported);
    }

    /// <summary>
    /// While publishing: SIGKILL a worker at a fifth of the events and restart RabbitMQ at half of them
    /// (the killed worker comes back after that). While processing: restart Redis once a third of the
    /// documents have settled, so status writes, the embedding cache and the gateway all lose it mid-run; then fill
    /// the index's disk until the indexer reports it unhealthy and free it, start a second indexer on the index (it
    /// must stop at start), and let Redis lose everything (statuses, version claims, caches) once half have settled.
    /// </summary>
    private async Task InjectFaultsAsync(Func<int> published, EventPlan plan)
    {
        var (events, documents) = (plan.Events.Count, plan.FinalByDocument.Count);
        // The workers are two replicas of one resource; the second is the one that dies.
        var victim = (await _system.InstancesAsync(ResourceNames.Worker, expected: 2))[1];
        await WaitForAsync(() => published() >= events / 5);
        await _system.ExecuteAsync(victim, ResourceCommandExtensions.KillCommand);
        output.WriteLine($"killed {victim} (SIGKILL) at {published()} published");

        await WaitForAsync(() => published() >= events / 2);
        await _system.ExecuteAsync(ResourceNames.Messaging, "restart");
        await _system.WaitHealthyAsync(ResourceNames.Messaging);
        output.WriteLine($"restarted RabbitMQ, ready again at {published()} published");
        await _system.ExecuteAsync(victim, "start");
        output.WriteLine($"started {victim} again at {published()} published, {Volatile.Read(ref _settled)} documents settled");

        await WaitForAsync(() => Volatile.Read(ref _settled) >= documents / 3);
        await _system.ExecuteAsync(ResourceNames.Cache, "restart");
        await _system.WaitHealthyAsync(ResourceNames.Cache);
        output.WriteLine($"restarted Redis, ready again at {Volatile.Read(ref _settled)} documents settled");

        // The full disk first, while writes are still coming: a writer with nothing to write never meets it.
        if (_indexDisk is null)
        {
            output.WriteLine($"no full disk: {_noIndexDisk}");
        }
        else
        {
            _indexDisk.FillLeaving(0);
            await WaitForIndexerHealthAsync(healthy: false);
            output.WriteLine($"filled the index's disk; the indexer reported it at {Volatile.Read(ref _settled)} documents settled");
            _indexDisk.Free();
            await WaitForIndexerHealthAsync(healthy: true);
            output.WriteLine($"freed the index's disk; the indexer healthy again at {Volatile.Read(ref _settled)} documents settled");
        }

        var (exitCode, said) = await SecondIndexer.RunAsync(_system, TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, exitCode);
        Assert.Contains("has another writer", said, StringComparison.Ordinal);
        output.WriteLine($"a second indexer stopped at start (exit {exitCode}) at {Volatile.Read(ref _settled)} documents settled");

        await SwitchModelAndBackAsync(plan);

        await WaitForAsync(() => Volatile.Read(ref _settled) >= documents / 2);
        await FlushRedisAsync(plan);
        output.WriteLine($"Redis lost all its data (FLUSHALL) at {Volatile.Read(ref _settled)} documents settled; {_failedBeforeFlush.Count} poison documents had failed before");

        // Poison among the good writes at the indexer itself: embedded documents whose content type no store can keep
        // as one term, put straight into its queue (the gateway refuses them at the door).
        var messaging = await _system.ConnectionStringAsync(ResourceNames.Messaging);
        foreach (var id in IndexerPoison(plan))
        {
            await BrokerMessages.SendAsync(messaging, "document-embedded", new DocumentEmbedded
            {
                DocumentId = id,
                Version = 1,
                Title = id,
                ContentType = "text/plain; x=" + new string('x', 40_000),
                EmbeddingModelId = SentenceEncoderModels.Default.ModelId,
                OccurredAt = DateTimeOffset.UtcNow,
                Chunks = [new EmbeddedChunk { Ordinal = 0, Text = "poison", StartOffset = 0, EndOffset = 6, Vector = VectorBytes.From(new float[SentenceEncoderModels.Default.Dimension]) }],
            });
        }

        output.WriteLine($"sent {IndexerPoison(plan).Count} poisoned documents straight to the indexer at {Volatile.Read(ref _settled)} documents settled");
    }

    /// <summary>
    /// The embedding model goes A → B → A while changes flow: the system's indexer is killed and one for
    /// arctic-embed-xs takes its place (it starts re-indexing, writing live changes to the index it builds), until
    /// a few more documents have settled; it is killed, and the system's indexer, for the default model again, comes
    /// back. Whether the re-index had switched or was abandoned, no write acknowledged meanwhile may be lost.
    /// </summary>
    private async Task SwitchModelAndBackAsync(EventPlan plan)
    {
        // Killed, as a crash would (Aspire's own stop of the indexer failed here; the kill is the harder case anyway).
        await _system.ExecuteAsync(ResourceNames.Indexer, ResourceCommandExtensions.KillCommand);
        var settledBefore = Volatile.Read(ref _settled);
        var other = await SecondIndexer.StartAsync(_system, new Dictionary<string, string>
        {
            ["Embeddings__Model"] = SentenceEncoderModels.ArcticEmbedXs.Name,
            ["Index__WriterLockTimeout"] = "00:01:00",
        });
        try
        {
            // Killed as soon as a change it indexed is in the index it builds and nowhere else (reported indexed, not
            // searchable), so the re-index is abandoned with live writes in it; should its re-index switch first (a
            // fast machine), going back re-indexes the other way. Either way nothing may be lost; the output says which.
            var sawBuilding = false;
            var abandoned = false;
            await Eventually.TrueAsync(
                async () =>
                {
                    if (other.HasExited)
                    {
                        return true;
                    }

                    if ((await IndexStateAsync()).GetProperty("building").ValueKind == JsonValueKind.Null)
                    {
                        return sawBuilding;
                    }

                    sawBuilding = true;
                    abandoned = await AnyIndexedButNotSearchableAsync(plan);
                    return abandoned;
                },
                "a change in the index being built, or the re-index to switch",
                SettleTimeout);
            Assert.False(other.HasExited, "the indexer for arctic-embed-xs ended by itself");
            output.WriteLine($"indexed with arctic-embed-xs from {settledBefore} to {Volatile.Read(ref _settled)} documents settled; killed it {(abandoned ? "during its re-index, with changes in the index it was building" : "after its re-index had switched")}");
        }
        finally
        {
            await other.DisposeAsync();
            var said = (await other.OutputAsync()).Split('\n');
            if (said.Length > 1)
            {
                output.WriteLine($"the indexer for arctic-embed-xs said, last: {string.Join('\n', said.TakeLast(20))}");
            }
        }

        await _system.ExecuteAsync(ResourceNames.Indexer, "start");
        await _system.WaitHealthyAsync(ResourceNames.Indexer);
        output.WriteLine($"the indexer for the default model is back at {Volatile.Read(ref _settled)} documents settled");
    }

    /// <summary>Waits until no re-index is building or being copied back, so the index compared is the one searches read, whole.</summary>
    private Task WaitForNoReindexAsync() =>
        Eventually.TrueAsync(async () => (await IndexStateAsync()).GetProperty("building").ValueKind == JsonValueKind.Null, "the re-index to end", SettleTimeout);

    private async Task<JsonElement> IndexStateAsync()
    {
        using var response = await _gateway.GetAsync(new Uri("/api/index", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /api/index answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\nthe gateway said, last:\n{await _system.LogTailAsync(ResourceNames.Gateway)}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<string> IndexerPoison(EventPlan plan) =>
        [.. Enumerable.Range(0, 5).Select(i => $"{plan.Prefix}-indexer-poison-{i}")];

    /// <summary>Whether some document's status says its final version is indexed while the index searches read lacks it.</summary>
    private async Task<bool> AnyIndexedButNotSearchableAsync(EventPlan plan)
    {
        using var response = await _gateway.PostAsJsonAsync("/api/documents/status", new { ids = plan.FinalByDocument.Keys.ToArray() });
        var statuses = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statuses").EnumerateArray();
        return statuses.Any(s => s.GetProperty("state").GetString() == "indexed"
            && s.TryGetProperty("searchable", out var searchable) && searchable.ValueKind == JsonValueKind.False
            && s.GetProperty("version").GetInt64() == plan.FinalByDocument[s.GetProperty("documentId").GetString()!].Version);
    }

    /// <summary>
    /// FLUSHALL, in one script with reading which poison documents had failed (their failure is lost with it): read
    /// first and flushed after, a document failing in between would be lost without being known to be.
    /// </summary>
    private async Task FlushRedisAsync(EventPlan plan)
    {
        var poison = plan.Events.Where(e => e.IsPoison).Select(e => e.DocumentId).Distinct(StringComparer.Ordinal).ToList();
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(await _system.ConnectionStringAsync(ResourceNames.Cache));
        var failed = (StackExchange.Redis.RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            """
            local failed = {}
            for i, key in ipairs(KEYS) do
              if redis.call('HGET', key, 'state') == ARGV[1] then table.insert(failed, ARGV[i + 1]) end
            end
            redis.call('FLUSHALL')
            return failed
            """,
            [.. poison.Select(Core.Status.RedisDocumentStatusStore.StatusKey)],
            [nameof(Core.Status.DocumentState.Failed), .. poison.Select(id => (StackExchange.Redis.RedisValue)id)]))!;
        Volatile.Write(ref _failedBeforeFlush, failed.Select(f => f.ToString()).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Each document's status against the plan's final state (which the index was found to hold): the names of those that differ.</summary>
    private async Task<List<string>> CompareStatusesAsync(EventPlan plan)
    {
        var mismatched = new List<string>();
        foreach (var final in plan.FinalByDocument.Values)
        {
            var status = await StatusAsync(final.DocumentId);
            var expected = final.IsDelete ? "deleted" : "indexed";
            if (status is not { } s || s.GetProperty("state").GetString() != expected || s.GetProperty("version").GetInt64() != final.Version)
            {
                mismatched.Add($"{final.DocumentId} ({status?.GetProperty("state").GetString() ?? "none"} v{status?.GetProperty("version").GetInt64()}, expected {expected} v{final.Version})");
            }
        }

        return mismatched;
    }

    /// <summary>Waits until the indexer's own health endpoint answers healthy (200) or not.</summary>
    private async Task WaitForIndexerHealthAsync(bool healthy)
    {
        using var indexer = new HttpClient { BaseAddress = _system.App.GetEndpoint(ResourceNames.Indexer, "http"), Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await indexer.GetAsync("/health");
                return response.IsSuccessStatusCode == healthy;
            },
            $"the indexer to be {(healthy ? "healthy" : "unhealthy")}",
            SettleTimeout);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(SettleTimeout);
        while (!condition())
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>Publishes one change, retrying while the gateway cannot reach RabbitMQ or Redis, as a client would; versions make retries safe.</summary>
    private async Task PublishAsync(PlannedEvent change)
    {
        var path = $"/api/documents/{Uri.EscapeDataString(change.DocumentId)}";
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                using var response = change.IsDelete
                    ? await _gateway.DeleteAsync($"{path}?version={change.Version}", deadline.Token)
                    : await _gateway.PutAsJsonAsync(path, new { title = change.DocumentId, contentType = change.ContentType, content = change.Content, version = change.Version }, deadline.Token);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return;
                }

                // An older version arriving after a newer one is refused at the door, naming the newer one: nothing to do.
                if (response.StatusCode == HttpStatusCode.Conflict
                    && (await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token)).GetProperty("currentVersion").GetInt64() > change.Version)
                {
                    return;
                }

                // Over Gateway:WriteRateLimit (retries after the broker's restart come in a burst): wait as told, as the CLI does.
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), deadline.Token);
                    continue;
                }

                if ((int)response.StatusCode < 500)
                {
                    Assert.Fail($"{change.DocumentId} v{change.Version} was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested)
            {
                // The gateway is waiting for the broker: try again.
            }

            await Task.Delay(delay, deadline.Token);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    /// <summary>Waits until every document's status reached the final state of its newest version (poison documents included).</summary>
    private async Task WaitUntilSettledAsync(EventPlan plan)
    {
        var pending = plan.FinalByDocument.Values.Concat(plan.Events.Where(e => e.IsPoison)).DistinctBy(e => e.DocumentId).ToDictionary(e => e.DocumentId, StringComparer.Ordinal);
        using var deadline = new CancellationTokenSource(SettleTimeout);
        while (pending.Count > 0)
        {
            foreach (var change in pending.Values.ToList())
            {
                var status = await StatusAsync(change.DocumentId);
                if (status is { } s && s.GetProperty("version").GetInt64() == change.Version
                    && s.GetProperty("state").GetString() is "indexed" or "deleted" or "failed")
                {
                    pending.Remove(change.DocumentId);
                }
                else if (status is null && change.IsPoison && Volatile.Read(ref _failedBeforeFlush).Contains(change.DocumentId))
                {
                    // Its failure was lost with Redis's data; nothing will record it again.
                    pending.Remove(change.DocumentId);
                }
            }

            Volatile.Write(ref _settled, plan.FinalByDocument.Count - pending.Keys.Count(plan.FinalByDocument.ContainsKey));
            if (pending.Count == 0)
            {
                break;
            }

            try
            {
                await Task.Delay(500, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                var sample = string.Join(", ", pending.Keys.Take(5));
                Assert.Fail($"{pending.Count} documents did not settle within {SettleTimeout.TotalMinutes} min, among them {sample}.");
            }
        }
    }

    private async Task<JsonElement?> StatusAsync(string id)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await _gateway.GetAsync($"/api/documents/{Uri.EscapeDataString(id)}");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }
            catch (HttpRequestException) when (attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Reads every chunk of the index (as its own reader, beside the indexer) and compares it with the plan.</summary>
    private async Task<IndexReport> CompareIndexAsync(EventPlan plan)
    {
        using var searcher = new LuceneChunkIndexReader(Options.Create(new IndexOptions { DataPath = Path.Combine(_dataPath, "index") }));
        searcher.Refresh();
        using var snapshot = searcher.AcquireSnapshot();
        var indexed = await snapshot.AllChunksAsync(CancellationToken.None);

        // The expected chunks are counted with the same chunker and tokenizer the workers use.
        var chunker = new TextChunker(SentenceTokenizer.For(SentenceEncoderModels.MiniLmL6V2).CountTokens, new ChunkingOptions());
        var expected = plan.FinalByDocument.Values
            .Where(e => !e.IsDelete)
            .SelectMany(e => Enumerable.Range(0, chunker.Split(e.Content).Count).Select(ordinal => $"{e.DocumentId}@{e.Version}#{ordinal}"))
            .ToHashSet(StringComparer.Ordinal);

        var indexedIds = indexed.Select(c => c.ChunkId).ToHashSet(StringComparer.Ordinal);
        var lost = expected.Count(id => !indexedIds.Contains(id));
        var duplicate = indexed.Count - indexedIds.Count;
        var stale = indexed.Count(c => !plan.FinalByDocument.TryGetValue(c.DocumentId, out var final) || final.IsDelete || final.Version != c.Version || !expected.Contains(c.ChunkId));
        return new IndexReport(expected.Count, indexed.Count, lost, duplicate, stale);
    }

    private sealed record IndexReport(int Expected, int Indexed, int Lost, int Duplicate, int Stale);
}

[CollectionDefinition(FaultInjectionTests.Name, DisableParallelization = true)]
public sealed class FaultInjectionRunsAlone;
