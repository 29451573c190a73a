using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Search;

/// <summary>
/// <c>group=document</c>: k documents a page, each with at most perDocument of its best chunks, and a cursor to the
/// next page while there is one. The pages come from the ranking the first page stored in Redis, so following the
/// cursors visits every document once, even when a commit comes between two pages; a cursor the gateway did not give
/// out is a 400, and one whose ranking expired is a 410.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class GroupedSearchTests(LocalRedis redis)
{
    [Fact]
    public async Task CursorsPageThroughEveryDocumentOnceWithAtMostPerDocumentHitsEachEvenAcrossACommit()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, [.. Almanacs(unique, count: 5), IndexFiller.Document($"unrelated-{Guid.NewGuid():N}", 1, "Lighthouses stand on headlands.")]);
        using var client = gateway.CreateClient();

        var first = await PageAsync(client, $"/api/search?q=tide+tables+{unique}&mode=bm25&group=document&perDocument=2&k=2");
        AssertGroups(first, documents: 2, hitsEach: 2);
        Assert.Equal(0, first.GetProperty("hits").GetArrayLength());

        // A better matching document committed between the pages must neither appear in nor shift the later pages.
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"{unique}-intruder", 1, $"Tide tables {unique}: tide tables {unique}, tide tables {unique}."));
        await IndexFiller.WaitUntilReadAsync(client, $"{unique}-intruder", 1);

        var seen = Ids(first);
        var pages = 1;
        var cursor = Cursor(first);
        while (cursor is not null)
        {
            var page = await PageAsync(client, $"/api/search?cursor={Uri.EscapeDataString(cursor)}&k=2");
            AssertGroups(page, documents: Cursor(page) is null ? 1 : 2, hitsEach: 2);
            seen.AddRange(Ids(page));
            cursor = Cursor(page);
            Assert.True(++pages <= 3, "five documents two a page end after three pages");
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(d => $"{unique}-almanac-{d}"), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DocumentsAreRankedWholeSoOneWhoseEvidenceIsSpreadOverItsChunksComesFirstCitingItsBestChunks()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis);
        // Ranked by its best chunk, "spread" would come second: "single"'s one chunk says "nests" twice, and each chunk
        // of "spread" holds one of the query's words. Scored whole, "spread" holds both.
        await IndexFiller.WriteAsync(
            gateway.DataPath,
            IndexFiller.Document($"{unique}-spread", 1, $"Herons{unique} wade in the shallows.", "The weather turned at noon.", $"Their nests{unique} crowd the reeds."),
            IndexFiller.Document($"{unique}-single", 1, $"Nests{unique} of swallows, nests{unique} under eaves."),
            IndexFiller.Document($"{unique}-other", 1, $"Herons{unique} fly over the harbour at dusk and dawn."));
        using var client = gateway.CreateClient();

        var page = await PageAsync(client, $"/api/search?q=herons{unique}+nests{unique}&mode=bm25&group=document&perDocument=2&k=3");

        Assert.Equal([$"{unique}-spread", $"{unique}-single", $"{unique}-other"], Ids(page));
        var spread = page.GetProperty("documents")[0];
        // Its hits are the two chunks that match, not the one between them.
        Assert.Equal([$"{unique}-spread#0", $"{unique}-spread#2"], spread.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("chunkId").GetString()).Order(StringComparer.Ordinal));
        Assert.True(spread.GetProperty("score").GetDouble() > page.GetProperty("documents")[1].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task APageThatHoldsEveryDocumentHasNoCursorAndKeepsAtMostPerDocumentHits()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis);
        await IndexFiller.WriteAsync(gateway.DataPath, Almanacs(unique, count: 3));
        using var client = gateway.CreateClient();

        var page = await PageAsync(client, $"/api/search?q=tide+tables+{unique}&mode=bm25&group=document&perDocument=1&k=3");

        AssertGroups(page, documents: 3, hitsEach: 1);
        Assert.Null(Cursor(page));
    }

    [Fact]
    public async Task ACursorTheGatewayDidNotGiveOutIsABadRequestAndOneOfNoKeptRankingIsGone()
    {
        using var gateway = new GatewayHost(redis);
        using var client = gateway.CreateClient();

        foreach (var garbled in new[] { "not-a-cursor", "%%%", System.Buffers.Text.Base64Url.EncodeToString("0123:2"u8), System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{Guid.NewGuid():N}:two")) })
        {
            using var refused = await client.GetAsync($"/api/search?cursor={Uri.EscapeDataString(garbled)}");
            await Problems.AssertNamesOnlyAsync(refused, "cursor");
        }

        var unknownRanking = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{Guid.NewGuid():N}:2"));
        using var gone = await client.GetAsync($"/api/search?cursor={unknownRanking}");
        await Problems.OfAsync(gone, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task ACursorWhoseRankingOutlivedCursorLifetimeIsGone()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?> { ["Gateway:CursorLifetime"] = "00:00:10" });
        await IndexFiller.WriteAsync(gateway.DataPath, Almanacs(unique, count: 3));
        using var client = gateway.CreateClient();

        var first = await PageAsync(client, $"/api/search?q=tide+tables+{unique}&mode=bm25&group=document&perDocument=1&k=1");
        var next = $"/api/search?cursor={Uri.EscapeDataString(Cursor(first)!)}&k=1";
        AssertGroups(await PageAsync(client, next), documents: 1, hitsEach: 1);

        await Eventually.ValueAsync(
            async () =>
            {
                using var response = await client.GetAsync(next);
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Gone, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return response.StatusCode == HttpStatusCode.Gone ? response.StatusCode : (HttpStatusCode?)null;
            },
            "the cursor's ranking to expire",
            TimeSpan.FromSeconds(40));

        using var expired = await client.GetAsync(next);
        var problem = await Problems.OfAsync(expired, HttpStatusCode.Gone);
        Assert.Contains("Gateway:CursorLifetime", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Documents of three chunks each, every chunk about "tide tables {unique}".</summary>
    private static Ingestion.Index.ReplaceDocument[] Almanacs(string unique, int count) =>
        [.. Enumerable.Range(0, count).Select(d => IndexFiller.Document(
            $"{unique}-almanac-{d}",
            1,
            [.. Enumerable.Range(0, 3).Select(c => $"Section {c} of almanac {d}: tide tables {unique} list high and low water for each harbour.")]))];

    private static async Task<JsonElement> PageAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertGroups(JsonElement page, int documents, int hitsEach)
    {
        var groups = page.GetProperty("documents").EnumerateArray().ToList();
        Assert.True(documents == groups.Count, $"{documents} documents expected: {page}");
        foreach (var group in groups)
        {
            var id = group.GetProperty("documentId").GetString();
            Assert.True(hitsEach == group.GetProperty("hits").GetArrayLength(), $"{hitsEach} hits expected: {group}");
            Assert.All(group.GetProperty("hits").EnumerateArray(), hit => Assert.Equal(id, hit.GetProperty("documentId").GetString()));
        }
    }

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()!)];

    private static string? Cursor(JsonElement page) =>
        page.TryGetProperty("nextCursor", out var cursor) && cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : null;
}
