using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary><c>group=document</c>: best chunks per document with a cap, and pages that come from one ranking.</summary>
[Collection(RunningSystem.Name)]
public sealed class SearchGroupingTests(SystemFixture system)
{
    [Fact]
    public async Task DocumentsAreCappedAndPagedWithoutRepeatsEvenWhenACommitComesBetweenPages()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var tag = $"group-{unique}";
        for (var d = 0; d < 5; d++)
        {
            // Long enough for several chunks, every one of them about the query.
            var content = string.Join("\n\n", Enumerable.Range(0, 8).Select(p => $"Section {p} of almanac {d}: tide tables {unique} list high and low water for each harbour, day by day, through the year."));
            var accepted = await system.PutAsync($"{tag}/almanac-{d}", new { contentType = "text/plain", content, tags = new[] { tag } });
            await system.WaitForSearchableAsync($"{tag}/almanac-{d}", accepted.GetProperty("version").GetInt64());
        }

        var query = $"/api/search?q={Uri.EscapeDataString($"tide tables {unique}")}&mode=bm25&tags={tag}&group=document&perDocument=2&k=2";
        var first = await Eventually.ValueAsync(
            async () => await system.Gateway.GetFromJsonAsync<JsonElement>(query) is var page && page.GetProperty("documents").GetArrayLength() == 2 ? page : (JsonElement?)null,
            "a first page of two documents");

        Assert.Empty(first.GetProperty("hits").EnumerateArray());
        Assert.All(first.GetProperty("documents").EnumerateArray(), d => Assert.InRange(d.GetProperty("hits").GetArrayLength(), 1, 2));
        Assert.All(first.GetProperty("documents").EnumerateArray(), d => Assert.All(d.GetProperty("hits").EnumerateArray(), h => Assert.Equal(d.GetProperty("documentId").GetString(), h.GetProperty("documentId").GetString())));

        // A new, better matching document committed between the pages must not appear in (or shift) the later pages.
        var intruder = await system.PutAsync($"{tag}/intruder", new { contentType = "text/plain", content = $"Tide tables {unique}: tide tables {unique}, tide tables {unique}.", tags = new[] { tag } });
        await system.WaitForStateAsync($"{tag}/intruder", "indexed", intruder.GetProperty("version").GetInt64());

        var seen = first.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()!).ToList();
        var cursor = first.GetProperty("nextCursor").GetString();
        while (cursor is not null)
        {
            var page = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/search?cursor={Uri.EscapeDataString(cursor)}&k=2");
            seen.AddRange(page.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("documentId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(d => $"{tag}/almanac-{d}").Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnUnknownCursorOrGroupingIsRefused()
    {
        using var badCursor = await system.Gateway.GetAsync("/api/search?cursor=not-a-cursor");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        var unknownRanking = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes($"{Guid.NewGuid():N}:2"));
        using var expired = await system.Gateway.GetAsync($"/api/search?cursor={unknownRanking}");
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode); // well formed, but no ranking is kept under it

        using var badGroup = await system.Gateway.GetAsync("/api/search?q=x&group=chapter");
        Assert.Equal(HttpStatusCode.BadRequest, badGroup.StatusCode);
        Assert.Contains("group", await badGroup.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
