using Ingestion.Core.Extraction;
using Ingestion.Core.Indexing;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Consumers;

/// <summary>
/// Retry, prefetch and concurrency shared by the ingestion consumers: transient faults are retried
/// with exponential backoff; permanent ones are not retried at all.
/// </summary>
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
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.PrefetchCount = _options.PrefetchCount;
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300));
            retry.Ignore<ExtractionException>();
            retry.Ignore<EmbeddingModelMismatchException>();
        });
    }
}
