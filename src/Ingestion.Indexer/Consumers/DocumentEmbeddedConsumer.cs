using System.Diagnostics;
using Ingestion.Contracts;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Messaging;
using Ingestion.Core.Status;
using Ingestion.Core.Telemetry;
using Ingestion.Index;
using Ingestion.Indexer.Pipeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Consumers;

/// <summary>
/// Writes one embedded document version, unless a newer version (or a newer delete) is already indexed.
/// Embedding workers may finish versions of a document in any order; the version check makes the order irrelevant.
/// A change older than <c>Index:TombstoneRetention</c> of a document the index holds nothing of fails instead: a
/// delete since may have been forgotten with its tombstone (such a change was redriven from an error queue, or waited
/// that long), and writing it would bring the document back.
/// </summary>
public sealed class DocumentEmbeddedConsumer(
    IndexStep index,
    IChunkIndexWriter writer,
    IDocumentStatusStore status,
    IndexerMetrics metrics,
    IOptions<IndexOptions> indexOptions,
    TimeProvider clock,
    ILogger<DocumentEmbeddedConsumer> logger) : IConsumer<DocumentEmbedded>
{
    public async Task Consume(ConsumeContext<DocumentEmbedded> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = context.Message;
        var cancellationToken = context.CancellationToken;
        Activity.Current?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId).SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);

        var retention = indexOptions.Value.TombstoneRetention;
        if (clock.GetUtcNow() - document.OccurredAt > retention && await writer.IndexedVersionAsync(document.DocumentId, cancellationToken) is null)
        {
            var reason = $"The change was made at {document.OccurredAt:u}, longer ago than Index:TombstoneRetention ({retention}): a delete of the document since then could have been forgotten, so it is not applied. Send the document again.";
            await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Failed, new StatusDetails(Error: reason, FailedStep: "index", Attempts: Attempts.Of(context), Readers: StatusDetails.ReadersOf(document.Readers)), cancellationToken);
            metrics.DocumentFailed("ChangeOlderThanTombstones");
            logger.LogWarning("Failed {DocumentId} version {Version}: {Reason}", document.DocumentId, document.Version, reason);
            return;
        }

        WriteOutcome outcome;
        try
        {
            outcome = await index.ReplaceAsync(document, cancellationToken);
        }
        catch (Exception exception) when (exception is EmbeddingModelMismatchException or DocumentRejectedException)
        {
            // Vectors of another model, or a value the store cannot hold, can never be written: fail now, retrying cannot help.
            await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Failed, new StatusDetails(Error: exception.Message, FailedStep: "index", Attempts: Attempts.Of(context), Readers: StatusDetails.ReadersOf(document.Readers)), cancellationToken);
            metrics.DocumentFailed(exception.GetType().Name);
            logger.LogWarning("Failed {DocumentId} version {Version}: {Reason}", document.DocumentId, document.Version, exception.Message);
            return;
        }

        if (outcome == WriteOutcome.Stale)
        {
            await Superseded.RecordAsync(status, writer, document.DocumentId, document.Version, cancellationToken);
            logger.LogInformation("Ignored {DocumentId} version {Version}: the index holds a newer one", document.DocumentId, document.Version);
            return;
        }

        var traceId = Activity.Current?.TraceId.ToString();
        await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Indexed, new StatusDetails(document.Chunks.Count, TraceId: traceId, Readers: StatusDetails.ReadersOf(document.Readers)), cancellationToken);
        if (outcome == WriteOutcome.Applied)
        {
            // A redelivery (AlreadyApplied) still records its status, in case the first delivery could not, but is not counted twice.
            metrics.DocumentIngested("upsert", clock.GetUtcNow() - document.OccurredAt);
        }

        logger.LogInformation("Indexed {DocumentId} version {Version} as {ChunkCount} chunks", document.DocumentId, document.Version, document.Chunks.Count);
    }
}
