using System.Diagnostics;
using Ingestion.Contracts;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Messaging;
using Ingestion.Core.Status;
using Ingestion.Core.Telemetry;
using Ingestion.Worker.Pipeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Consumers;

/// <summary>
/// Extracts, chunks and embeds one document version and hands the result to the indexer. A permanent
/// failure (content that cannot be read) marks the document failed and acknowledges the message:
/// retrying it cannot help. The message is acknowledged only after the result was published, so a
/// worker that dies mid-way loses nothing: RabbitMQ gives the message to another worker.
/// </summary>
public sealed class DocumentUpsertedConsumer(
    ExtractStep extract,
    ChunkStep chunk,
    EmbedStep embed,
    EmbeddingModelInfo model,
    IDocumentStatusStore status,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    ILogger<DocumentUpsertedConsumer> logger) : IConsumer<DocumentUpserted>
{
    public async Task Consume(ConsumeContext<DocumentUpserted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = context.Message;
        var cancellationToken = context.CancellationToken;
        var traceId = Activity.Current?.TraceId.ToString();
        Activity.Current?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId).SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);
        using var inFlight = metrics.InFlight();
        logger.LogInformation("Processing {DocumentId} version {Version} ({ContentType})", document.DocumentId, document.Version, document.ContentType);
        var attempts = Attempts.Of(context);
        await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Processing, new StatusDetails(TraceId: traceId, Attempts: attempts, Readers: StatusDetails.ReadersOf(document.Readers)), cancellationToken);

        ExtractedText extracted;
        IReadOnlyList<Core.Documents.Chunking.TextChunk> chunks;
        var step = "extract";
        try
        {
            extracted = await extract.RunAsync(document, cancellationToken);
            step = "chunk";
            chunks = chunk.Run(extracted, cancellationToken);
            if (chunks.Count > options.Value.MaxChunksPerDocument)
            {
                throw new ExtractionException($"The document has {chunks.Count} chunks, more than Worker:MaxChunksPerDocument ({options.Value.MaxChunksPerDocument}); split it into smaller documents.");
            }
        }
        catch (ExtractionException exception)
        {
            await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Failed, new StatusDetails(Error: exception.Message, TraceId: traceId, FailedStep: step, Attempts: attempts, Readers: StatusDetails.ReadersOf(document.Readers)), cancellationToken);
            metrics.DocumentFailed(exception.GetType().Name);
            logger.LogWarning("Failed {DocumentId} version {Version}: {Reason}", document.DocumentId, document.Version, exception.Message);
            return;
        }

        var vectors = await embed.RunAsync(document.DocumentId, document.Title, chunks, cancellationToken);
        var embedded = new DocumentEmbedded
        {
            DocumentId = document.DocumentId,
            Version = document.Version,
            Title = document.Title,
            ContentType = document.ContentType,
            Tags = document.Tags,
            Readers = document.Readers,
            ChangeHash = document.ChangeHash,
            EmbeddingModelId = model.ModelId,
            OccurredAt = document.OccurredAt,
            Chunks = [.. chunks.Select((c, i) => new EmbeddedChunk
            {
                Ordinal = c.Ordinal,
                Text = c.Text,
                StartOffset = c.StartOffset,
                EndOffset = c.EndOffset,
                Page = extracted.PageAt((c.StartOffset + c.EndOffset) / 2),
                Context = c.Context,
                Vector = VectorBytes.From(vectors[i].Span),
            })],
        };
        if (embedded.EstimatedBytes() > options.Value.LargeMessageBytes)
        {
            // The indexer takes only a few large documents ahead, from their own queue (see Indexer:LargePrefetchCount).
            var large = await context.GetSendEndpoint(new Uri($"queue:{QueueNames.LargeDocumentEmbedded}"));
            await large.Send(embedded, cancellationToken);
        }
        else
        {
            await context.Publish(embedded, cancellationToken);
        }

        logger.LogInformation("Embedded {DocumentId} version {Version} as {ChunkCount} chunks", document.DocumentId, document.Version, chunks.Count);
    }
}
