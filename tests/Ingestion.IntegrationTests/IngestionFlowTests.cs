using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

[Collection(RunningSystem.Name)]
public sealed class IngestionFlowTests(SystemFixture system)
{
    private static readonly string[] Modes = ["hybrid", "bm25", "dense"];
    private static readonly string[] Tags = ["test"];

    [Fact]
    public async Task EachOfThreeDocumentsIsFoundInEveryMode()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var documents = new (string Id, string Title, string Content, string Query)[]
        {
            ($"volcano-{run}", "Volcanoes", "Volcanoes erupt when magma rises through the crust. Lava flows cool into basalt.", "volcano eruption magma lava"),
            ($"baking-{run}", "Sourdough", "Sourdough bread rises thanks to wild yeast and lactic acid bacteria in the starter.", "sourdough bread yeast starter"),
            ($"orbit-{run}", "Satellites", "A satellite stays in orbit because its speed balances the pull of gravity.", "satellite orbit gravity speed"),
        };

        foreach (var (id, title, content, _) in documents)
        {
            await system.PutAsync(id, new { title, contentType = "text/plain", content, tags = Tags });
        }

        foreach (var (id, _, _, _) in documents)
        {
            var status = await system.WaitForStateAsync(id, "indexed", 1);
            Assert.Equal(1, status.GetProperty("chunkCount").GetInt32());
        }

        foreach (var (id, _, _, query) in documents)
        {
            foreach (var mode in Modes)
            {
                await system.WaitForSearchAsync(query, mode, hits => hits.Length > 0 && DocumentOf(hits[0]) == id, $"{id} ranked first", k: 3);
            }
        }
    }

    [Fact]
    public async Task HybridHitsSayWhatEachLegFound()
    {
        var id = $"legs-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { title = "Glaciers", contentType = "text/markdown", content = "# Glaciers\n\nGlaciers carve valleys as the ice slowly flows downhill." });
        await system.WaitForStateAsync(id, "indexed", 1);

        var hits = await system.WaitForSearchAsync("glaciers carve valleys", "hybrid", hits => hits.Any(h => DocumentOf(h) == id), $"{id} found");
        var hit = hits.First(h => DocumentOf(h) == id);

        Assert.Equal(1, hit.GetProperty("bm25").GetProperty("rank").GetInt32());
        Assert.True(hit.GetProperty("dense").GetProperty("rank").GetInt32() >= 1);
        Assert.True(hit.GetProperty("score").GetDouble() > 0);
        Assert.Equal(hit.GetProperty("score").GetDouble(), hit.GetProperty("bm25").GetProperty("contribution").GetDouble() + hit.GetProperty("dense").GetProperty("contribution").GetDouble(), 9);
        var fusion = (await system.Gateway.GetFromJsonAsync<JsonElement>("/api/search?q=glaciers")).GetProperty("fusion");
        Assert.Equal(("cc", 0.5, 0.5), (fusion.GetProperty("method").GetString(), fusion.GetProperty("bm25Weight").GetDouble(), fusion.GetProperty("denseWeight").GetDouble()));
        var rrf = (await system.Gateway.GetFromJsonAsync<JsonElement>("/api/search?q=glaciers+carve+valleys&fusion=rrf")).GetProperty("hits").EnumerateArray().First(h => DocumentOf(h) == id);
        Assert.Equal(0.5 / 61, rrf.GetProperty("bm25").GetProperty("contribution").GetDouble(), 9);
        Assert.StartsWith("Glaciers", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpdateChangesWhatIsFound()
    {
        var id = $"update-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { title = "Pets", contentType = "text/plain", content = "Hamsters store food in their cheek pouches." });
        var first = await system.WaitForStateAsync(id, "indexed", 1);

        await system.PutAsync(id, new { title = "Pets", contentType = "text/plain", content = "Parrots can imitate human speech remarkably well." });
        await system.WaitForStateAsync(id, "indexed", first.GetProperty("version").GetInt64() + 1);

        await system.WaitForSearchAsync("parrots imitate speech", "bm25", hits => hits.Any(h => DocumentOf(h) == id), "the new text found");
        Assert.DoesNotContain(await system.SearchAsync("hamsters cheek pouches", "bm25"), h => DocumentOf(h) == id);
    }

    [Fact]
    public async Task ADeleteRemovesEveryChunkOfTheDocument()
    {
        var id = $"delete-{Guid.NewGuid():N}";
        var paragraphs = Enumerable.Range(0, 12).Select(i => $"Paragraph {i} describes the migration of monarch butterflies across North America in autumn, a journey of thousands of kilometres.");
        await system.PutAsync(id, new { title = "Monarchs", contentType = "text/plain", content = string.Join("\n\n", paragraphs) });
        var indexed = await system.WaitForStateAsync(id, "indexed", 1);
        Assert.True(indexed.GetProperty("chunkCount").GetInt32() > 1);

        using var response = await system.Gateway.DeleteAsync($"/api/documents/{id}");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        await system.WaitForStateAsync(id, "deleted", indexed.GetProperty("version").GetInt64() + 1);

        await system.WaitForSearchAsync("monarch butterflies migration", "bm25", hits => hits.All(h => DocumentOf(h) != id), "no chunk of the deleted document left", k: 100);
        foreach (var mode in Modes)
        {
            Assert.DoesNotContain(await system.SearchAsync("monarch butterflies migration", mode, k: 100), h => DocumentOf(h) == id);
        }
    }

    [Fact]
    public async Task AStaleVersionIsRefusedNamingTheCurrentOneAndTheIndexKeepsTheNewer()
    {
        var id = $"stale-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { title = "Rivers", contentType = "text/plain", content = "The Amazon carries more water than any other river.", version = 10 });
        await system.WaitForStateAsync(id, "indexed", 10);

        using var refused = await system.Gateway.PutAsJsonAsync($"/api/documents/{id}", new { title = "Rivers", contentType = "text/plain", content = "The Danube flows through ten countries.", version = 5 });

        Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(10, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("currentVersion").GetInt64());
        var status = await system.StatusAsync(id);
        Assert.Equal((10, "indexed"), (status!.Value.GetProperty("version").GetInt64(), status.Value.GetProperty("state").GetString()));
        await system.WaitForSearchAsync("Amazon water river", "bm25", hits => hits.Any(h => DocumentOf(h) == id), "version 10 found");
        Assert.DoesNotContain(await system.SearchAsync("Danube countries", "bm25"), h => DocumentOf(h) == id);
    }

    [Fact]
    public async Task TheTraceOfAPutContinuesIntoTheWorker()
    {
        var id = $"trace-{Guid.NewGuid():N}";
        var accepted = await system.PutAsync(id, new { title = "Tides", contentType = "text/plain", content = "Tides follow the moon." });
        Assert.Equal("queued", accepted.GetProperty("state").GetString());
        var traceId = accepted.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(traceId));

        var status = await system.WaitForStateAsync(id, "indexed", 1);

        Assert.Equal(traceId, status.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task AnIdWithAnEncodedSlashKeepsItsSlashAndAnEncodedPercentStaysLiteral()
    {
        var unique = Guid.NewGuid().ToString("N");
        var withSlash = $"folder-{unique}/notes.md";
        var withPercent = $"literal-{unique}%2Fnot-a-slash";
        var first = await system.PutAsync(withSlash, new { contentType = "text/plain", content = $"Slashes in ids {unique}." });
        var second = await system.PutAsync(withPercent, new { contentType = "text/plain", content = $"Percent signs in ids {unique}." });

        Assert.Equal(withSlash, first.GetProperty("documentId").GetString());
        Assert.Equal(withPercent, second.GetProperty("documentId").GetString());
        await system.WaitForStateAsync(withSlash, "indexed", first.GetProperty("version").GetInt64());
        await system.WaitForSearchAsync($"slashes {unique}", "bm25", hits => hits.Any(h => h.GetProperty("documentId").GetString() == withSlash), "the id with its slash");
    }

    [Fact]
    public async Task AnIndexedChangeIsReportedSearchableOnceTheGatewaysReaderHoldsIt()
    {
        var id = $"searchable-{Guid.NewGuid():N}";
        var accepted = await system.PutAsync(id, new { contentType = "text/plain", content = "Readers refresh after commits." });
        await system.WaitForStateAsync(id, "indexed", accepted.GetProperty("version").GetInt64());

        var status = await Eventually.ValueAsync(
            async () => await system.StatusAsync(id) is { } s && s.GetProperty("searchable").GetBoolean() ? s : (JsonElement?)null,
            "the indexed version to be reported searchable");
        var hits = await system.SearchAsync("readers refresh after commits", "bm25");
        Assert.Contains(hits, h => h.GetProperty("documentId").GetString() == id); // searchable means a search sees it, at once
        Assert.Equal("indexed", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task TheStatusSaysHowLongAChangeTookToBecomeIndexedAndHowOftenItWasTried()
    {
        var id = $"timing-{Guid.NewGuid():N}";
        var accepted = await system.PutAsync(id, new { title = "Timing", contentType = "text/plain", content = "Statuses measure publish-to-indexed time." });

        var status = await system.WaitForStateAsync(id, "indexed", accepted.GetProperty("version").GetInt64());

        Assert.True(status.GetProperty("secondsToIndexed").GetDouble() > 0);
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("failedStep").ValueKind);
    }

    [Fact]
    public async Task BinaryBytesDeclaredAsTextFailAtTheExtractStepWithAReasonAndBlockNothing()
    {
        var poison = $"binary-{Guid.NewGuid():N}";
        var fine = $"fine-{Guid.NewGuid():N}";
        var poisonVersion = (await system.PutAsync(poison, new { title = "Zip", contentType = "text/plain", content = "PK\u0003\u0004\u0000\u0000 binary" })).GetProperty("version").GetInt64();
        var fineVersion = (await system.PutAsync(fine, new { title = "Fine", contentType = "text/plain", content = "Ordinary text beside a poison document." })).GetProperty("version").GetInt64();

        var failed = await system.WaitForStateAsync(poison, "failed", poisonVersion);
        await system.WaitForStateAsync(fine, "indexed", fineVersion);

        Assert.Contains("looks binary", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("extract", failed.GetProperty("failedStep").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
    }

    private static string? DocumentOf(JsonElement hit) => hit.GetProperty("documentId").GetString();

    [Fact]
    public async Task AnUnknownDocumentIsNotFound()
    {
        using var response = await system.Gateway.GetAsync($"/api/documents/never-{Guid.NewGuid():N}");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
