using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.Contracts;

namespace Ingestion.IntegrationTests;

[Collection(RunningSystem.Name)]
public sealed class RedriveTests(SystemFixture system)
{
    [Fact]
    public async Task TheAdminApiRefusesRequestsWithoutItsKey()
    {
        using var keyless = new HttpClient { BaseAddress = system.Gateway.BaseAddress };
        using var missing = await keyless.PostAsync("/api/admin/redrive", null);
        using var withoutScope = await system.Gateway.PostAsync("/api/admin/redrive", null); // read and write, not admin
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/redrive") { Headers = { { "X-Api-Key", "wrong-key-0123456789" } } };
        using var wrong = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutScope.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ADocumentInTheErrorQueueIsIndexedAfterARedrive()
    {
        var id = $"redrive-{Guid.NewGuid():N}";
        await PutInErrorQueueAsync(new DocumentUpserted
        {
            DocumentId = id,
            Version = 7,
            Title = "Redriven",
            ContentType = "text/plain",
            Content = "A message that once exhausted its retries is ingested after a redrive.",
            Readers = [Index.ReaderTerms.User(SystemFixture.TesterName)],
            OccurredAt = DateTimeOffset.UtcNow,
        });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/redrive") { Headers = { { "X-Api-Key", SystemFixture.AdminApiKey } } };
        using var response = await system.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var moved = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved");

        Assert.True(moved.GetProperty("document-upserted").GetInt32() >= 1);
        var status = await system.WaitForStateAsync(id, "indexed", 7);
        Assert.Equal(1, status.GetProperty("chunkCount").GetInt32());
    }

    [Fact]
    public async Task AMessageThatExhaustsItsRetriesFailsItsDocumentAndWaitsInTheErrorQueue()
    {
        var id = $"exhausted-{Guid.NewGuid():N}";

        // Vector bytes that are not whole floats make the indexer throw an ordinary exception: retried (once,
        // in the test system), then moved to document-embedded_error, and MassTransit's Fault<T> reaches the status.
        await BrokerMessages.SendAsync(system, "document-embedded", new DocumentEmbedded
        {
            DocumentId = id,
            Version = 3,
            Title = "Broken vectors",
            Readers = [Index.ReaderTerms.User(SystemFixture.TesterName)],
            ContentType = "text/plain",
            EmbeddingModelId = Core.Embeddings.SentenceEncoderModels.Default.ModelId,
            OccurredAt = DateTimeOffset.UtcNow,
            Chunks = [new EmbeddedChunk { Ordinal = 0, Text = "x", StartOffset = 0, EndOffset = 1, Vector = [1, 2, 3] }],
        });

        var status = await system.WaitForStateAsync(id, "failed", 3);

        Assert.Equal("index", status.GetProperty("failedStep").GetString());
        Assert.Contains("error queue", status.GetProperty("error").GetString(), StringComparison.Ordinal);

        // MassTransit publishes the fault and moves the message to the error queue independently: wait for the move.
        await Eventually.TrueAsync(async () => await BrokerMessages.CountAsync(system, "document-embedded_error") >= 1, "the message in document-embedded_error");
    }

    /// <summary>Puts a message in <c>document-upserted_error</c> as MassTransit leaves one there.</summary>
    private Task PutInErrorQueueAsync(DocumentUpserted message) => BrokerMessages.SendAsync(system, "document-upserted_error", message);
}
