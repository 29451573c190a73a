using Ingestion.Contracts;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Ocr;
using Ingestion.Core.Documents.Sources;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Messaging;
using Ingestion.Core.Status;
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
        builder.Services.AddSingleton<IValidateOptions<ChunkingOptions>, ChunkingFitsModelValidator>();

        // An unreachable cache fails the message, which is retried: its statuses need Redis as well.
        builder.AddEmbeddings(CacheOutage.Fail).LoadEmbeddingModelAtStart();
        builder.Services.AddHostedService<WorkerPriority>();
        builder.AddDocumentStatus(ResourceNames.Cache);
        builder.AddContentSources();

        builder.Services.AddOptions<OcrOptions>().BindConfiguration(OcrOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IOcrEngine, TesseractOcr>();
        builder.Services.AddSingleton(services => TextExtractorRegistry.With(services.GetRequiredService<IOcrEngine>()));
        builder.Services.AddSingleton(services => SentenceTokenizer.For(ChunkingFitsModelValidator.TokenizerModel(services.GetRequiredService<EmbeddingModelChoice>())));
        builder.Services.AddSingleton(services =>
        {
            // Chunks are measured in the encoder's own word pieces, so the budget is exact.
            var tokenizer = services.GetRequiredService<SentenceTokenizer>();
            return new TextChunker(tokenizer.CountTokens, services.GetRequiredService<IOptions<ChunkingOptions>>().Value);
        });
        builder.Services.AddSingleton<WorkerMetrics>();
        builder.Services.AddSingleton<ExtractStep>();
        builder.Services.AddSingleton<ChunkStep>();
        builder.Services.AddSingleton<EmbedStep>();

        builder.AddIngestionMessaging(ResourceNames.Messaging, bus => bus.AddConsumer<DocumentUpsertedConsumer, DocumentUpsertedConsumerDefinition>());
        return builder;
    }
}
