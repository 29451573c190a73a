using Ingestion.Contracts;
using Ingestion.Core.Chunking;
using Ingestion.Core.DependencyInjection;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Extraction;
using Ingestion.Worker.Consumers;
using Ingestion.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker;

public static class IngestionWorkerExtensions
{
    /// <summary>Consumers on RabbitMQ (<c>ConnectionStrings__messaging</c>), the pipeline steps, the embedded store's writer and the status store.</summary>
    public static IHostApplicationBuilder AddIngestionWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ChunkingOptions>().BindConfiguration(ChunkingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.AddEmbeddings();
        builder.AddDocumentStatus(ResourceNames.Cache);
        builder.AddEmbeddedIndexWriter();

        builder.Services.AddSingleton(TextExtractorRegistry.Default);
        builder.Services.AddSingleton(sp =>
        {
            // Chunks are measured with the encoder's own tokenizer, so the budget is exact.
            var tokenizer = sp.GetRequiredService<UseLiteEmbeddingGenerator>().Tokenizer;
            return new TextChunker(text => tokenizer.Encode(text).Length, sp.GetRequiredService<IOptions<ChunkingOptions>>().Value);
        });
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<ExtractStep>();
        builder.Services.AddSingleton<ChunkStep>();
        builder.Services.AddSingleton<EmbedStep>();
        builder.Services.AddSingleton<IndexStep>();

        var messaging = builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException($"ConnectionStrings__{ResourceNames.Messaging} is not set: it must be the RabbitMQ URI (amqp://user:password@host:port).");
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<DocumentUpsertedConsumer, DocumentUpsertedConsumerDefinition>();
            bus.AddConsumer<DocumentDeletedConsumer, DocumentDeletedConsumerDefinition>();
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(messaging));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
