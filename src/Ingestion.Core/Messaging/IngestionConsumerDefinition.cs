using MassTransit;

namespace Ingestion.Core.Messaging;

/// <summary>Prefetch, concurrency and retry (<see cref="IngestionRetry"/>) of every ingestion consumer.</summary>
public abstract class IngestionConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly IConsumerLimits _limits;

    protected IngestionConsumerDefinition(IConsumerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        ConcurrentMessageLimit = limits.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) => IngestionRetry.Configure(endpointConfigurator, _limits);
}
