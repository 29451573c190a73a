using System.Diagnostics;
using Ingestion.Contracts;
using Ingestion.Core.Messaging;
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
    Microsoft.Extensions.Options.IOptions<IndexOptions> indexOptions,
    ILogger<DocumentDeletedConsumer> logger) : IConsumer<DocumentDeleted>
{
    public async Task Consume(ConsumeContext<DocumentDeleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var document = context.Message;
        var traceId = Activity.Current?.TraceId.ToString();
        Activity.Current?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId).SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);

        WriteOutcome outcome;
        try
        {
            outcome = await index.RemoveAsync(document, context.CancellationToken);
        }
        catch (DocumentRejectedException exception)
        {
            // The version is indexed with content (Redis lost the claim that would have refused this delete at the door):
            // reporting it deleted would be false, and retrying cannot help.
            await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Failed, new StatusDetails(Error: exception.Message, TraceId: traceId, FailedStep: "index", Attempts: Attempts.Of(context), Readers: StatusDetails.ReadersOf(document.Readers)), context.CancellationToken);
            metrics.DocumentFailed(exception.GetType().Name);
            logger.LogWarning("Failed delete of {DocumentId} version {Version}: {Reason}", document.DocumentId, document.Version, exception.Message);
            return;
        }

        if (outcome == WriteOutcome.Stale)
        {
            await Superseded.RecordAsync(status, writer, document.DocumentId, document.Version, context.CancellationToken);
            logger.LogInformation("Ignored delete of {DocumentId} version {Version}: the index holds a newer one", document.DocumentId, document.Version);
            return;
        }

        // Redis forgets the delete when the index forgets its tombstone: DELETEs of ids never seen would otherwise leave
        // keys in Redis for good.
        await status.RecordAsync(document.DocumentId, document.Version, DocumentState.Deleted, new StatusDetails(0, TraceId: traceId, ForgetAfter: indexOptions.Value.TombstoneRetention, Readers: StatusDetails.ReadersOf(document.Readers)), context.CancellationToken);
        if (outcome == WriteOutcome.Applied)
        {
            // A redelivery (AlreadyApplied) still records its status, in case the first delivery could not, but is not counted twice.
            metrics.DocumentIngested("delete", clock.GetUtcNow() - document.OccurredAt);
        }

        logger.LogInformation("Deleted {DocumentId} version {Version}", document.DocumentId, document.Version);
    }
}
