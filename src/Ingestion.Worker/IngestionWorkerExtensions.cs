using Ingestion.Contracts;
using Ingestion.Core.Chunking;
using Ingestion.Core.DependencyInjection;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Extraction;
using Ingestion.Core.Messaging;
using Ingestion.Worker.Consumers;
using Ingestion.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker;

public static class IngestionWorkerExtensions
{
    /// <summary>
    /// An embedding worker: consumes document changes from RabbitMQ (<c>ConnectionStrings__messaging</c>),
    /// extracts, chunks and embeds them (with the Redis embedding cache), and hands the result to the indexer.
    /// Any number of these may run; none of them writes the index.
    /// </summary>
    public static IHostApplicationBuilder AddIngestionWorker(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ChunkingOptions>().BindConfiguration(ChunkingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        builder.AddEmbeddings();
        builder.AddEmbeddingCache(ResourceNames.Cache);
        builder.AddDocumentStatus(ResourceNames.Cache);
        builder.AddContentSources();

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

        builder.AddIngestionMessaging(ResourceNames.Messaging, bus => bus.AddConsumer<DocumentUpsertedConsumer, DocumentUpsertedConsumerDefinition>());
        return builder;
    }
}
