using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Core.Embeddings;
using Ingestion.Index;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Tests;

/// <summary>
/// Writes documents straight into a gateway's index folder (<see cref="GatewayHost.DataPath"/>), as the indexer would,
/// before the gateway starts or while it runs: its reader sees each commit within <c>Index:RefreshInterval</c>. Every
/// chunk has the same unit vector, so these documents are told apart by their words (search them with <c>mode=bm25</c>).
/// </summary>
internal static class IndexFiller
{
    private static readonly EmbeddingModelInfo Model = new(SentenceEncoderModels.Default.ModelId, SentenceEncoderModels.Default.Dimension);

    /// <summary>A document at <paramref name="version"/> with one chunk per text, in order, titled by its id (the words of its id match its title).</summary>
    public static ReplaceDocument Document(string id, long version, params string[] chunkTexts)
    {
        var vector = new float[Model.Dimension];
        vector[0] = 1;
        var chunks = new List<IndexedChunk>(chunkTexts.Length);
        var start = 0;
        foreach (var text in chunkTexts)
        {
            chunks.Add(new IndexedChunk($"{id}#{chunks.Count}", chunks.Count, text, start, start + text.Length, vector));
            start += text.Length + 2;
        }

        return new ReplaceDocument(id, version, id, "text/plain", [], Model.ModelId, chunks);
    }

    /// <summary>Applies the writes in one writer's session, each committed before this returns; the write lock is let go after.</summary>
    public static async Task WriteAsync(string dataPath, params DocumentWrite[] writes)
    {
        var options = Options.Create(new IndexOptions { DataPath = dataPath, CommitDelay = TimeSpan.Zero });
        await using var writer = LuceneChunkIndexWriter.Open(options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        foreach (var write in writes)
        {
            Assert.Equal(WriteOutcome.Applied, await writer.ApplyAsync(write, default));
        }
    }

    /// <summary>
    /// Waits until the gateway's reader holds <paramref name="version"/> of a document written here, as its status
    /// says: Redis has none for it, so the index answers. Unlike a search, a status is never answered from a cache.
    /// </summary>
    public static Task WaitUntilReadAsync(HttpClient gateway, string id, long version) =>
        Eventually.TrueAsync(
            async () =>
            {
                using var status = await gateway.GetAsync($"/api/documents/{Uri.EscapeDataString(id)}");
                return status.StatusCode == HttpStatusCode.OK && (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt64() == version;
            },
            $"the gateway's reader to hold version {version} of {id}",
            TimeSpan.FromSeconds(30));
}
