namespace Ingestion.Core.Messaging;

/// <summary>How much work a service takes from the broker at a time; its options class says.</summary>
public interface IConsumerLimits
{
    /// <summary>Messages RabbitMQ hands the process ahead of acknowledgement.</summary>
    int PrefetchCount { get; }

    /// <summary>Messages consumed at once.</summary>
    int ConcurrentMessageLimit { get; }

    /// <summary>Retries of a transient failure (exponential backoff) before the message goes to the error queue.</summary>
    int RetryLimit { get; }
}
