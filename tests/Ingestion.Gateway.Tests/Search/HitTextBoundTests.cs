using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.Gateway.Tests.Search;

/// <summary>
/// What one hit and one answer may carry is bounded in characters, whatever the index holds: a 3 MB chunk (as an
/// index written before chunks were bounded in characters holds) answered 6 MB for k = 10 (#23).
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class HitTextBoundTests(LocalRedis redis)
{
    [Fact]
    public async Task AHugeChunkIsAnsweredCutToTheHitsShareWithItsSnippetBounded()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis);
        var huge = $"Gannets {unique} dive. " + new string('x', 3_000_000) + " The end.";
        await IndexFiller.WriteAsync(gateway.DataPath, IndexFiller.Document($"huge-{unique}", 1, huge));
        using var client = gateway.CreateClient();

        using var response = await client.GetAsync($"/api/search?q=gannets+{unique}&mode=bm25&k=10");
        var body = await response.Content.ReadAsStringAsync();

        var hit = JsonDocument.Parse(body).RootElement.GetProperty("hits").EnumerateArray().Single();
        Assert.Equal(4096, hit.GetProperty("text").GetString()!.Length);
        Assert.True(hit.GetProperty("textTruncated").GetBoolean());
        Assert.Equal(huge.Length, hit.GetProperty("endOffset").GetInt32() - hit.GetProperty("startOffset").GetInt32());
        Assert.True(hit.GetProperty("snippet").GetString()!.Length < 1_000, $"a snippet of {hit.GetProperty("snippet").GetString()!.Length} characters");
        Assert.True(body.Length < 16_384, $"an answer of {body.Length} characters for one hit");
    }

    [Fact]
    public async Task TheHitsOfOneAnswerShareItsTextBudgetUngroupedAndGrouped()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        using var gateway = new GatewayHost(redis, new Dictionary<string, string?>
        {
            ["Gateway:MaxHitTextChars"] = "1000",
            ["Gateway:MaxResponseTextChars"] = "4096",
        });
        var text = $"Puffins {unique} " + string.Join(' ', Enumerable.Repeat("burrow", 200));
        await IndexFiller.WriteAsync(gateway.DataPath, [.. Enumerable.Range(0, 10).Select(i => IndexFiller.Document($"puffin-{unique}-{i}", 1, text, text))]);
        using var client = gateway.CreateClient();

        var ranked = await client.GetFromJsonAsync<JsonElement>($"/api/search?q=puffins+{unique}&mode=bm25&k=20");
        var grouped = await client.GetFromJsonAsync<JsonElement>($"/api/search?q=puffins+{unique}&mode=bm25&group=document&perDocument=2&k=10");

        var rankedHits = ranked.GetProperty("hits").EnumerateArray().ToList();
        var groupedHits = grouped.GetProperty("documents").EnumerateArray().SelectMany(d => d.GetProperty("hits").EnumerateArray()).ToList();
        Assert.Equal(20, rankedHits.Count);
        Assert.Equal(20, groupedHits.Count);
        foreach (var hits in new[] { rankedHits, groupedHits })
        {
            Assert.All(hits, h => Assert.Equal(4096 / 20, h.GetProperty("text").GetString()!.Length));
            Assert.All(hits, h => Assert.True(h.GetProperty("textTruncated").GetBoolean()));
            Assert.All(hits, h => Assert.All(h.GetProperty("matches").EnumerateArray(), m => Assert.True(m.GetProperty("end").GetInt32() <= 4096 / 20)));
        }

        var few = await client.GetFromJsonAsync<JsonElement>($"/api/search?q=puffins+{unique}&mode=bm25&k=2");
        Assert.All(few.GetProperty("hits").EnumerateArray(), h => Assert.Equal(1000, h.GetProperty("text").GetString()!.Length));
    }
}
