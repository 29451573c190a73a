using Ingestion.Core.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Consumers;

/// <summary>Prefetch, concurrency and retry of the worker's consumers (see <see cref="IngestionRetry"/>).</summary>
public abstract class IngestionConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly WorkerOptions _options;

    protected IngestionConsumerDefinition(IOptions<WorkerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context) => IngestionRetry.Configure(endpointConfigurator, _options.PrefetchCount);
}
