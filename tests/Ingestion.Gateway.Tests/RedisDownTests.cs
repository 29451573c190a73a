using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Core.Embeddings;
using Ingestion.Index;
using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Writing;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Lexical;
using Ingestion.Index.Lucene.Vectors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Tests;

/// <summary>
/// Searches are answered while Redis is down, as README promises: the caches count as misses, and a grouped search
/// answers its first page without a cursor, since there is nowhere to keep the ranking for later pages.
/// </summary>
public sealed class RedisDownTests
{
    [Fact]
    public async Task RankedAndGroupedSearchesAreAnsweredWithoutRedis()
    {
        using var gateway = new GatewayHost("127.0.0.1:1,abortConnect=false,connectTimeout=300,syncTimeout=300");
        await WriteDocumentsAsync(gateway.DataPath, count: 5);
        using var client = gateway.CreateClient();

        using var ranked = await client.GetAsync("/api/search?q=storm+petrels&mode=bm25&k=3");
        Assert.Equal(HttpStatusCode.OK, ranked.StatusCode);
        Assert.Equal(3, (await ranked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hits").GetArrayLength());

        using var grouped = await client.GetAsync("/api/search?q=storm+petrels&mode=bm25&k=2&group=document&perDocument=1");
        Assert.Equal(HttpStatusCode.OK, grouped.StatusCode);
        var page = await grouped.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, page.GetProperty("documents").GetArrayLength());
        Assert.True(!page.TryGetProperty("nextCursor", out var cursor) || cursor.ValueKind == JsonValueKind.Null, "no cursor without Redis");
    }

    /// <summary>Documents written straight into the gateway's index folder, as the indexer would.</summary>
    private static async Task WriteDocumentsAsync(string dataPath, int count)
    {
        var model = new EmbeddingModelInfo(SentenceEncoderModels.MiniLmL6V2.ModelId, SentenceEncoderModels.MiniLmL6V2.Dimension);
        var options = Options.Create(new IndexOptions { DataPath = dataPath, CommitDelay = TimeSpan.Zero });
        await using var writer = LuceneChunkIndexWriter.Open(options, model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        var vector = new float[model.Dimension];
        vector[0] = 1;
        for (var i = 0; i < count; i++)
        {
            var text = $"Storm petrels number {i} patter over the waves.";
            await writer.ApplyAsync(new ReplaceDocument($"doc{i}", 1, $"Petrels {i}", "text/plain", [], model.ModelId, [new IndexedChunk($"doc{i}#0", 0, text, 0, text.Length, vector)]), default);
        }
    }
}
