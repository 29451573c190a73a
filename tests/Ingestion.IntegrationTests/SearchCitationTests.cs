using System.Net.Http.Json;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>What a hit tells a RAG application: where the chunk is in the document, why it was found, and a marked snippet.</summary>
[Collection(RunningSystem.Name)]
public sealed class SearchCitationTests(SystemFixture system)
{
    private static readonly string[] Legs = ["bm25", "dense"];

    [Fact]
    public async Task AHitsOffsetsPointAtItsTextInTheDocumentAndItsExplanationAddsUp()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var id = $"citation-{unique}";
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Paragraph {i} describes harbour number {i} and the ships that call there every season.").ToList();
        paragraphs[9] = $"Paragraph 10 tells how the lighthouse keeper {unique} trimmed the lamp wicks each evening.";
        var content = string.Join("\n\n", paragraphs);
        var accepted = await system.PutAsync(id, new { contentType = "text/plain", content });
        var status = await system.WaitForStateAsync(id, "indexed", accepted.GetProperty("version").GetInt64());
        Assert.True(status.GetProperty("chunkCount").GetInt32() > 1, "the document must span several chunks for offsets to matter");

        var hits = await system.WaitForSearchAsync($"lighthouse keeper {unique} lamp wicks", "hybrid", h => h.Length > 0 && h[0].GetProperty("documentId").GetString() == id, "the lighthouse chunk first");
        var hit = hits[0];

        var start = hit.GetProperty("startOffset").GetInt32();
        var end = hit.GetProperty("endOffset").GetInt32();
        Assert.True(start > 0, "the chunk is not the document's first");
        Assert.Equal(content[start..end], hit.GetProperty("text").GetString());
        Assert.Contains($"<mark>{unique}</mark>", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        var text = hit.GetProperty("text").GetString()!;
        Assert.All(hit.GetProperty("matches").EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(text[m.GetProperty("start").GetInt32()..m.GetProperty("end").GetInt32()])));

        var foundBy = hit.GetProperty("foundBy").EnumerateArray().Select(f => f.GetString()).ToList();
        var contributions = Legs
            .Where(leg => hit.GetProperty(leg).ValueKind != JsonValueKind.Null)
            .Sum(leg => hit.GetProperty(leg).GetProperty("contribution").GetDouble());
        Assert.Contains("bm25", foundBy);
        Assert.Equal(hit.GetProperty("score").GetDouble(), contributions, 9);
    }

    [Fact]
    public async Task HighlightingCanBeTurnedOff()
    {
        var hits = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/search?q=anything&highlight=false");
        Assert.All(hits.GetProperty("hits").EnumerateArray(), h => Assert.Equal(JsonValueKind.Null, h.GetProperty("snippet").ValueKind));
    }
}
