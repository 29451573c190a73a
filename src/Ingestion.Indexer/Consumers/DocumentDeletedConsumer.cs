using System.Diagnostics;
using Ingestion.Contracts;
using Ingestion.Core.Status;
using Ingestion.Core.Telemetry;
using Ingestion.Index;
using Ingestion.Indexer.Pipeline;
using MassTransit;

namespace Ingestion.Indexer.Consumers;

/// <summary>Removes every chunk of a document, unless a newer version is already indexed.</summary>
public sealed class DocumentDeletedConsumer(
    IndexStep index,
    IChunkIndexWriter writer,
    IDocumentStatusStore status,
    IndexerMetrics metrics,
    TimeProvider clock,
    ILogger<DocumentDeletedConsumer> logger) : IConsumer<DocumentDeleted>
{
    public async Task Consume(ConsumeContext<DocumentDeleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = context.Message;
        var traceId = Activity.Current?.TraceId.ToString();
        Activity.Current?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId).SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);

        var outcome = await index.RemoveAsync(document, context.CancellationToken);
        if (outcome == WriteOutcome.Stale)
        {
            await Superseded.RecordAsync(status, writer, document.DocumentId, document.Version, context.CancellationToken);
            logger.LogInformation("Ignored delete of {DocumentId} version {Version}: the index holds a newer one", document.DocumentId, document.Version);
            return;
        }

        await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Deleted, new StatusDetails(0, TraceId: traceId), context.CancellationToken);
        if (outcome == WriteOutcome.Applied)
        {
            // A redelivery (AlreadyApplied) still records its status, in case the first delivery could not, but is not counted twice.
            metrics.DocumentIngested("delete", clock.GetUtcNow() - document.OccurredAt);
        }

        logger.LogInformation("Deleted {DocumentId} version {Version}", document.DocumentId, document.Version);
    }
}
