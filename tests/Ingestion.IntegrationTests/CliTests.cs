using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>The <c>ingest</c> tool against the running system: publish, search, status, sync and eval.</summary>
[Collection(RunningSystem.Name)]
public sealed class CliTests(SystemFixture system) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingest-cli-").FullName;
    private readonly string _unique = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The tool runs in this process and reads its key from the environment, as a user's shell gives it.</summary>
    private readonly EnvironmentVariable _key = new("INGEST_API_KEY", SystemFixture.TesterKey);

    private string GatewayUrl => system.Gateway.BaseAddress!.ToString();

    [Fact]
    public async Task PublishWaitIndexesAFolderReportsTheFailedFileAndSearchShowsEachLegsRank()
    {
        var docs = Path.Combine(_folder, "docs");
        Write($"docs/heliograph-{_unique}.md", $"# Heliographs\n\nA heliograph flashes sunlight with a mirror to send Morse code {_unique}.");
        Write($"docs/notes/semaphore-{_unique}.txt", "Semaphore towers passed messages along a chain of hilltops with moving arms.");
        Write($"docs/broken-{_unique}.pdf", "this is not a PDF");
        Write($"docs/picture-{_unique}.bmp", "not publishable");

        var (code, output, error) = await CliRunner.RunAsync("publish", docs, "--wait", "--gateway", GatewayUrl);

        Assert.Equal(1, code); // one document failed, and the exit code says so
        Assert.Contains("Skipped 1 files of unsupported types", output, StringComparison.Ordinal);
        Assert.Contains("Indexed 2 (", output, StringComparison.Ordinal);
        Assert.Contains("failed 1", output, StringComparison.Ordinal);
        Assert.Contains($"broken-{_unique}.pdf", output, StringComparison.Ordinal);
        Assert.Contains("extract:", output, StringComparison.Ordinal);
        Assert.Contains("1 of 3 documents were not ingested", error, StringComparison.Ordinal);

        var (statusCode, status, _) = await CliRunner.RunAsync("status", $"notes/semaphore-{_unique}.txt", "--gateway", GatewayUrl);
        Assert.Equal(0, statusCode);
        Assert.Contains("indexed", status, StringComparison.Ordinal);

        await Eventually.TrueAsync(
            async () =>
            {
                var (searchCode, hits, _) = await CliRunner.RunAsync("search", $"heliograph mirror morse {_unique}", "--mode", "hybrid", "--k", "3", "--gateway", GatewayUrl);
                return searchCode == 0 && hits.Contains($"heliograph-{_unique}.md", StringComparison.Ordinal) && hits.Contains("(hybrid)", StringComparison.Ordinal);
            },
            "the published file to be found by ingest search");
    }

    [Fact]
    public async Task AskPrintsTheStandInModelsAnswerWithTheCitationsItUsedAndTheContextOnlyOnRequest()
    {
        // The gateway's chat endpoint is the fixture's stand-in (no real model runs here); it cites the first and last passages.
        Write($"asked/beacons-{_unique}.md", $"# Beacons {_unique}\n\nBeacon fires on hilltops carried warnings across the country {_unique}.");
        var (published, _, publishError) = await CliRunner.RunAsync("publish", Path.Combine(_folder, "asked"), "--wait", "--gateway", GatewayUrl);
        Assert.True(published == 0, publishError);

        var (code, output, error) = await CliRunner.RunAsync("ask", $"What did beacon fires {_unique} carry?", "--budget", "800", "--prompt", "--gateway", GatewayUrl);

        Assert.True(code == 0, error);
        Assert.Contains("The first passage says so [1]", output, StringComparison.Ordinal);
        Assert.Contains(StandInChatServer.Model, output, StringComparison.Ordinal);
        Assert.Contains($"beacons-{_unique}.md", output, StringComparison.Ordinal);
        Assert.Contains($"Question: What did beacon fires {_unique} carry?", output, StringComparison.Ordinal);

        var (jsonCode, json, jsonError) = await CliRunner.RunAsync("ask", $"beacon fires {_unique}", "--context-only", "--json", "--k", "40", "--gateway", GatewayUrl);
        Assert.True(jsonCode == 0, jsonError);
        var answer = JsonDocument.Parse(json).RootElement;
        Assert.Equal("notRequested", answer.GetProperty("answer").GetProperty("status").GetString());
        Assert.Contains(answer.GetProperty("citations").EnumerateArray(), c => c.GetProperty("documentId").GetString() == $"beacons-{_unique}.md");
    }

    [Fact]
    public async Task SyncPublishesChangedFilesDeletesRemovedOnesAndLeavesUnchangedOnesAlone()
    {
        var folder = Path.Combine(_folder, $"mirror-{_unique}");
        Write($"mirror-{_unique}/kept.md", "Lighthouses warn ships with a rotating beam.");
        Write($"mirror-{_unique}/edited.md", "Carrier pigeons find their way home.");
        Write($"mirror-{_unique}/removed.md", "Smoke signals were read from far away.");

        var first = await CliRunner.RunAsync("sync", folder, "--wait", "--gateway", GatewayUrl);
        Assert.True(first.Code == 0, first.Output + first.Error);
        Assert.Contains("3 new or changed, 0 removed, 0 unchanged", first.Output, StringComparison.Ordinal);

        Write($"mirror-{_unique}/edited.md", $"Carrier pigeons carried microfilm {_unique} across the lines.");
        File.SetLastWriteTimeUtc(Path.Combine(folder, "edited.md"), DateTime.UtcNow.AddMinutes(1));
        File.Delete(Path.Combine(folder, "removed.md"));

        var second = await CliRunner.RunAsync("sync", folder, "--wait", "--gateway", GatewayUrl);
        Assert.True(second.Code == 0, second.Output + second.Error);
        Assert.Contains("1 new or changed, 1 removed, 1 unchanged", second.Output, StringComparison.Ordinal);
        Assert.Contains("Indexed 1 (", second.Output, StringComparison.Ordinal);
        Assert.Contains("deleted 1", second.Output, StringComparison.Ordinal);

        var removed = (await system.StatusAsync("removed.md"))!.Value;
        Assert.Equal("deleted", removed.GetProperty("state").GetString());
        await system.WaitForSearchAsync($"microfilm {_unique}", "bm25", hits => hits.Any(h => h.GetProperty("documentId").GetString() == "edited.md"), "the edited file's new text");

        var third = await CliRunner.RunAsync("sync", folder, "--gateway", GatewayUrl);
        Assert.Contains("0 new or changed, 0 removed, 2 unchanged", third.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalWritesRunFilesWhoseFiguresTheReferenceEvaluatorReproduces()
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-beir");
        var runs = Path.Combine(_folder, "runs");

        var (code, output, error) = await CliRunner.RunAsync("eval", "--dataset", dataset, "--runs", runs, "--json", "--id-prefix", $"eval-{_unique}/", "--gateway", GatewayUrl);

        Assert.True(code == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(12, report.GetProperty("documents").GetInt32());
        Assert.Equal(0, report.GetProperty("documentsFailed").GetInt32());
        foreach (var mode in new[] { "bm25", "dense", "hybrid-cc", "hybrid-rrf" })
        {
            var figures = report.GetProperty("modes").GetProperty(mode);
            Assert.Equal(5, figures.GetProperty("queries").GetInt32());
            var reference = (await TrecEval.RunAsync(Path.Combine(dataset, "qrels.tsv"), Path.Combine(runs, $"{mode}.run"))).GetProperty("mean");
            Assert.Equal(reference.GetProperty("nDCG@10").GetDouble(), figures.GetProperty("ndcgAt10").GetDouble(), 9);
            Assert.Equal(reference.GetProperty("Recall@100").GetDouble(), figures.GetProperty("recallAt100").GetDouble(), 9);
            Assert.Equal(reference.GetProperty("MRR@10").GetDouble(), figures.GetProperty("mrrAt10").GetDouble(), 9);
        }

        // The fixture's queries each have one obvious document: lexical search must find them.
        Assert.True(report.GetProperty("modes").GetProperty("bm25").GetProperty("ndcgAt10").GetDouble() > 0.8, output);
        Assert.True(File.Exists(Path.Combine(runs, "per-query.json")));
    }

    [Fact]
    public async Task JudgmentsImportedUnderANameEvaluateTheLiveIndexAsTheirDatasetDoesAndTwoSettingsAreCompared()
    {
        var dataset = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-beir");
        var prefix = $"judged-{_unique}/";
        var name = $"tiny-{_unique}";
        // One user ingests, keeps the judgments and evaluates: a document without readers is its writer's alone.
        using var evaluator = new EnvironmentVariable("INGEST_API_KEY", SystemFixture.EvaluatorKey);
        var direct = await CliRunner.RunAsync("eval", "--dataset", dataset, "--modes", "bm25;mode=hybrid,window=50", "--json", "--id-prefix", prefix, "--gateway", GatewayUrl);
        Assert.True(direct.Code == 0, direct.Error);

        var imported = await CliRunner.RunAsync("judgments", "import", name, dataset, "--id-prefix", prefix, "--gateway", GatewayUrl);
        Assert.True(imported.Code == 0, imported.Error);
        Assert.Contains($"{name}: 5 queries", imported.Output, StringComparison.Ordinal);
        var listed = await CliRunner.RunAsync("judgments", "list", "--json", "--gateway", GatewayUrl);
        Assert.Contains(JsonDocument.Parse(listed.Output).RootElement.EnumerateArray(), s => s.GetProperty("name").GetString() == name);

        // The kept set, run over the index as it is, scores what the dataset did: the same queries, judgments and
        // documents (narrowed to the prefix: other tests index the same corpus under theirs).
        var judged = await CliRunner.RunAsync("eval", "--judgments", name, "--modes", "bm25;mode=hybrid,window=50", "--id-prefix", prefix, "--json", "--gateway", GatewayUrl);
        Assert.True(judged.Code == 0, judged.Error);
        foreach (var mode in new[] { "bm25", "mode=hybrid,window=50" })
        {
            var expected = JsonDocument.Parse(direct.Output).RootElement.GetProperty("modes").GetProperty(mode);
            var actual = JsonDocument.Parse(judged.Output).RootElement.GetProperty("modes").GetProperty(mode);
            Assert.Equal(expected.GetProperty("ndcgAt10").GetDouble(), actual.GetProperty("ndcgAt10").GetDouble(), 9);
            Assert.True(actual.GetProperty("ndcgAt10").GetDouble() > 0.5, judged.Output);
            Assert.Equal(5, actual.GetProperty("queries").GetInt32());
        }

        var compared = await CliRunner.RunAsync("compare", "bm25", "dense", "--judgments", name, "--id-prefix", prefix, "--json", "--gateway", GatewayUrl);
        Assert.True(compared.Code == 0, compared.Error);
        var comparison = JsonDocument.Parse(compared.Output).RootElement.GetProperty("comparison");
        Assert.Equal(5, comparison.GetProperty("queries").GetInt32());
        Assert.Equal(5, comparison.GetProperty("wins").GetInt32() + comparison.GetProperty("ties").GetInt32() + comparison.GetProperty("losses").GetInt32());
        Assert.True(comparison.GetProperty("exact").GetBoolean());
        Assert.InRange(comparison.GetProperty("pValue").GetDouble(), 1.0 / 32, 1.0);

        var deleted = await CliRunner.RunAsync("judgments", "delete", name, "--gateway", GatewayUrl);
        Assert.True(deleted.Code == 0, deleted.Error);
        var gone = await CliRunner.RunAsync("eval", "--judgments", name, "--gateway", GatewayUrl);
        Assert.Equal(1, gone.Code);
        Assert.Contains($"no judgment set '{name}'", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalRunsQueriesLongerThanAUrlTakesAndCountsAQueryTheGatewayRefusesWithoutStopping()
    {
        // A standard collection's queries may be whole paragraphs: one of 3,000 characters (over Gateway:MaxQueryLength,
        // within Gateway:MaxBodyQueryLength) is run, and one beyond every bound is refused, counted and named.
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-beir");
        var dataset = Directory.CreateDirectory(Path.Combine(_folder, "long-queries")).FullName;
        File.Copy(Path.Combine(source, "corpus.jsonl"), Path.Combine(dataset, "corpus.jsonl"));
        var longQuery = string.Join(' ', Enumerable.Repeat("how do green plants turn sunlight and carbon dioxide into glucose", 50));
        var tooLong = new string('w', 20_000);
        await File.WriteAllTextAsync(Path.Combine(dataset, "queries.jsonl"), await File.ReadAllTextAsync(Path.Combine(source, "queries.jsonl"))
            + System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = "q-long", ["text"] = longQuery }) + "\n"
            + System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["_id"] = "q-too-long", ["text"] = tooLong }) + "\n");
        await File.WriteAllTextAsync(Path.Combine(dataset, "qrels.tsv"), (await File.ReadAllTextAsync(Path.Combine(source, "qrels.tsv"))).TrimEnd() + "\nq-long\td1\t1\nq-too-long\td2\t1\n");
        var runs = Path.Combine(_folder, "long-runs");

        var (code, output, error) = await CliRunner.RunAsync("eval", "--dataset", dataset, "--modes", "bm25,hybrid-cc", "--runs", runs, "--json", "--id-prefix", $"eval-long-{_unique}/", "--gateway", GatewayUrl);

        Assert.True(code == 0, error);
        Assert.True(longQuery.Length > 1_000, "the long query is longer than a URL may carry");
        var report = JsonDocument.Parse(output).RootElement;
        foreach (var mode in new[] { "bm25", "hybrid-cc" })
        {
            var figures = report.GetProperty("modes").GetProperty(mode);
            Assert.Equal(7, figures.GetProperty("queries").GetInt32());
            Assert.Equal(1, figures.GetProperty("refused").GetInt32());
            Assert.Contains("q-too-long", figures.GetProperty("firstRefusal").GetString(), StringComparison.Ordinal);
            Assert.Contains("Gateway:MaxBodyQueryLength", figures.GetProperty("firstRefusal").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("refused 1 bm25 queries", error, StringComparison.Ordinal);
        var perQuery = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(runs, "per-query.json"))).RootElement;
        Assert.Equal(1.0, perQuery.GetProperty("bm25").GetProperty("q-long").GetProperty("ndcgAt10").GetDouble(), 6);
    }

    public void Dispose()
    {
        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>An environment variable set for the life of this object.</summary>
    private sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;

        public EnvironmentVariable(string name, string value)
        {
            _name = name;
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, null);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
