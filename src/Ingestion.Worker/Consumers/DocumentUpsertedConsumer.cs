using System.Diagnostics;
using Ingestion.Contracts;
using Ingestion.Core.Extraction;
using Ingestion.Core.Indexing;
using Ingestion.Core.Status;
using Ingestion.Core.Telemetry;
using Ingestion.Worker.Pipeline;
using MassTransit;

namespace Ingestion.Worker.Consumers;

/// <summary>
/// Extract, chunk, embed and index one document version. A permanent failure (content that cannot be
/// read) marks the document failed and acknowledges the message: retrying it cannot help.
/// </summary>
public sealed class DocumentUpsertedConsumer(
    ExtractStep extract,
    ChunkStep chunk,
    EmbedStep embed,
    IndexStep index,
    IDocumentStatusStore status,
    WorkerMetrics metrics,
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
        await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Processing, new StatusDetails(TraceId: traceId), cancellationToken);

        try
        {
            var chunks = chunk.Run(extract.Run(document));
            var vectors = await embed.RunAsync(chunks, cancellationToken);
            var outcome = await index.ReplaceAsync(document, chunks, vectors, cancellationToken);
            if (outcome == WriteOutcome.Stale)
            {
                logger.LogInformation("Ignored {DocumentId} version {Version}: the index holds a newer one", document.DocumentId, document.Version);
                await status.RecordIgnoredAsync(document.DocumentId, document.Version, cancellationToken);
                return;
            }

            await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Indexed, new StatusDetails(chunks.Count, TraceId: traceId), cancellationToken);
            metrics.DocumentIngested("upsert");
            logger.LogInformation("Indexed {DocumentId} version {Version} as {ChunkCount} chunks", document.DocumentId, document.Version, chunks.Count);
        }
        catch (Exception exception) when (exception is ExtractionException or EmbeddingModelMismatchException)
        {
            await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Failed, new StatusDetails(Error: exception.Message, TraceId: traceId), cancellationToken);
            metrics.DocumentFailed(exception.GetType().Name);
            logger.LogWarning("Failed {DocumentId} version {Version}: {Reason}", document.DocumentId, document.Version, exception.Message);
        }
    }
}
