using Ingestion.Contracts;
using Ingestion.Core.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Ingestion.Gateway;

/// <summary>
/// Moves messages from the ingestion consumers' <c>_error</c> queues back to their queues, one at a time:
/// each is republished with its headers and body (with publisher confirms) before it is acknowledged in the
/// error queue, so a crash mid-way duplicates at most one message (which the version check makes harmless) and loses none.
/// </summary>
public sealed class ErrorQueueRedrive(IConfiguration configuration, ILogger<ErrorQueueRedrive> logger)
{
    public async Task<IReadOnlyDictionary<string, int>> RedriveAsync(int maxPerQueue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(configuration.GetConnectionString(ResourceNames.Messaging)
                ?? throw new InvalidOperationException($"ConnectionStrings__{ResourceNames.Messaging} is not set.")),
            ClientProvidedName = "ingestion-gateway-redrive",
        };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        var moved = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in QueueNames.Ingestion)
        {
            moved[queue] = await MoveAsync(connection, QueueNames.ErrorQueueOf(queue), queue, maxPerQueue, cancellationToken);
        }

        return moved;
    }

    private async Task<int> MoveAsync(IConnection connection, string from, string to, int max, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        try
        {
            // Passive: an error queue that was never needed does not exist, and must not be created with other arguments than MassTransit's.
            await channel.QueueDeclarePassiveAsync(from, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }

        var count = 0;
        while (count < max && await channel.BasicGetAsync(from, autoAck: false, cancellationToken) is { } message)
        {
            await channel.BasicPublishAsync(string.Empty, to, mandatory: true, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            count++;
        }

        if (count > 0)
        {
            logger.LogInformation("Redrove {Count} messages from {ErrorQueue} to {Queue}", count, from, to);
        }

        return count;
    }
}
