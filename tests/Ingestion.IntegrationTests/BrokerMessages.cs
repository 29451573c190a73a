using System.Text;
using System.Text.Json;
using Ingestion.Contracts;
using RabbitMQ.Client;

namespace Ingestion.IntegrationTests;

/// <summary>Puts a message straight into a queue as MassTransit would: its JSON envelope, persistent, confirmed.</summary>
internal static class BrokerMessages
{
    public static async Task SendAsync<T>(SystemFixture system, string queue, T message) =>
        await SendAsync(await system.Running.ConnectionStringAsync(ResourceNames.Messaging), queue, message);

    public static async Task SendAsync<T>(string messaging, string queue, T message)
    {
        var factory = new ConnectionFactory { Uri = new Uri(messaging) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        var envelope = new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { $"urn:message:{typeof(T).Namespace}:{typeof(T).Name}" },
            message,
            sentTime = DateTimeOffset.UtcNow,
            headers = new Dictionary<string, object>(),
        };
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(envelope, SystemFixture.Json));
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent, MessageId = envelope.messageId.ToString() };
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body);
    }

    /// <summary>Messages waiting in the queue; 0 while it does not exist yet (MassTransit declares error queues at the first fault).</summary>
    public static async Task<uint> CountAsync(SystemFixture system, string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(await system.Running.ConnectionStringAsync(ResourceNames.Messaging)) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException missing) when (missing.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }
}
