using Ingestion.Contracts;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Messaging;
using Ingestion.Core.Status;
using Ingestion.Index;
using Ingestion.Indexer.Consumers;
using Ingestion.Indexer.Pipeline;
using Ingestion.Indexer.SwitchGate;
using MassTransit;

namespace Ingestion.Indexer;

public static class IngestionIndexerExtensions
{
    /// <summary>The embedded index's single writer: embedded documents and deletes from RabbitMQ, applied under a version check.</summary>
    public static IHostApplicationBuilder AddIngestionIndexer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IndexerOptions>().BindConfiguration(IndexerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // The model is loaded only if a re-index or another model's message needs it.
        builder.AddEmbeddings(CacheOutage.Fail);
        builder.AddDocumentStatus(ResourceNames.Cache);
        builder.AddChunkIndexWriter(ResourceNames.Search);
        builder.AddSwitchGate();
        builder.Services.AddSingleton<IndexerMetrics>();
        builder.Services.AddSingleton<IndexStep>();
        builder.AddIngestionMessaging(ResourceNames.Messaging, bus =>
        {
            bus.AddConsumer<DocumentEmbeddedConsumer, DocumentEmbeddedConsumerDefinition>();
            bus.AddConsumer<DocumentDeletedConsumer, DocumentDeletedConsumerDefinition>();
            bus.AddConsumer<ExhaustedRetriesConsumer>(consumer => consumer.UseMessageRetry(retry => IngestionRetry.Policy(retry, IngestionRetry.DefaultRetryLimit)));
        },
        (context, rabbit) => rabbit.ReceiveEndpoint(QueueNames.LargeDocumentEmbedded, endpoint =>
        {
            // Only what is sent here: not bound to the exchange DocumentEmbedded is published to, or every small one would come twice.
            endpoint.ConfigureConsumeTopology = false;
            var limits = context.GetRequiredService<Microsoft.Extensions.Options.IOptions<IndexerOptions>>().Value;
            endpoint.PrefetchCount = limits.LargePrefetchCount;
            endpoint.ConcurrentMessageLimit = limits.LargePrefetchCount;
            endpoint.UseMessageRetry(retry => IngestionRetry.Policy(retry, limits.RetryLimit));
            endpoint.ConfigureConsumer<DocumentEmbeddedConsumer>(context);
        }));
        return builder;
    }
}
