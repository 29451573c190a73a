using Ingestion.Core.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Consumers;

/// <summary>Prefetch, concurrency and retry of the indexer's consumers (see <see cref="IngestionRetry"/>).</summary>
public abstract class IndexerConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private readonly IndexerOptions _options;

    protected IndexerConsumerDefinition(IOptions<IndexerOptions> options)
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
