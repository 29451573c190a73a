using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ingestion.Contracts;
using Ingestion.Hosting.Resources;
using RabbitMQ.Client;

namespace Ingestion.IntegrationTests;

[Collection(RunningSystem.Name)]
public sealed class RedriveTests(SystemFixture system)
{
    [Fact]
    public async Task TheAdminApiRefusesRequestsWithoutItsKey()
    {
        using var missing = await system.Gateway.PostAsync("/api/admin/redrive", null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/redrive") { Headers = { { "X-Api-Key", "wrong-key-0123456789" } } };
        using var wrong = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
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

    /// <summary>Puts a message in <c>document-upserted_error</c> as MassTransit leaves one there: its JSON envelope, persistent.</summary>
    private async Task PutInErrorQueueAsync(DocumentUpserted message)
    {
        var factory = new ConnectionFactory { Uri = new Uri(system.App.Get<RabbitMQResource>(ResourceNames.Messaging).ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync("document-upserted_error", durable: true, exclusive: false, autoDelete: false);
        var envelope = new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { "urn:message:Ingestion.Contracts:DocumentUpserted" },
            message,
            sentTime = DateTimeOffset.UtcNow,
            headers = new Dictionary<string, object>(),
        };
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(envelope, SystemFixture.Json));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent, MessageId = envelope.messageId.ToString() };
        await channel.BasicPublishAsync(string.Empty, "document-upserted_error", mandatory: true, properties, body);
    }
}
