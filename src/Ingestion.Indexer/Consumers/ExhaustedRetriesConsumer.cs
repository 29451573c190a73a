using Ingestion.Contracts;
using Ingestion.Core.Status;
using Ingestion.Index;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Ingestion.Indexer.Consumers;

/// <summary>
/// MassTransit publishes <see cref="Fault{T}"/> when a message exhausted its retries and went to an
/// <c>_error</c> queue. The document is then marked failed with the reason, so its status never stays
/// "processing" for a message nobody is working on; the message can be moved back with the redrive API. The index is
/// asked first: a fault of a write whose commit succeeded (its status could not be recorded while Redis was down)
/// says indexed, and one of a version the index has moved past says superseded, never failed.
/// </summary>
public sealed class ExhaustedRetriesConsumer(IDocumentStatusStore status, IChunkIndexWriter writer, IndexerMetrics metrics, IOptions<IndexOptions> indexOptions, ILogger<ExhaustedRetriesConsumer> logger)
    : IConsumer<Fault<DocumentUpserted>>, IConsumer<Fault<DocumentEmbedded>>, IConsumer<Fault<DocumentDeleted>>
{
    public Task Consume(ConsumeContext<Fault<DocumentUpserted>> context) => RecordAsync(context, m => (m.DocumentId, m.Version, StatusDetails.ReadersOf(m.Readers)), "embed", DocumentState.Indexed);

    public Task Consume(ConsumeContext<Fault<DocumentEmbedded>> context) => RecordAsync(context, m => (m.DocumentId, m.Version, StatusDetails.ReadersOf(m.Readers)), "index", DocumentState.Indexed);

    public Task Consume(ConsumeContext<Fault<DocumentDeleted>> context) => RecordAsync(context, m => (m.DocumentId, m.Version, StatusDetails.ReadersOf(m.Readers)), "index", DocumentState.Deleted);

    private async Task RecordAsync<T>(ConsumeContext<Fault<T>> context, Func<T, (string DocumentId, long Version, IReadOnlyList<string>? Readers)> identify, string step, DocumentState whenIndexed)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (documentId, version, readers) = identify(context.Message.Message);
        var indexed = await writer.IndexedVersionAsync(documentId, context.CancellationToken);
        if (indexed == version)
        {
            // As the change's own consumer records it: who may read it, and a delete forgotten with its tombstone.
            var forgetAfter = whenIndexed == DocumentState.Deleted ? indexOptions.Value.TombstoneRetention : (TimeSpan?)null;
            await status.RecordAsync(documentId, version, whenIndexed, new StatusDetails(ForgetAfter: forgetAfter, Readers: readers), context.CancellationToken);
            logger.LogWarning("A fault of {DocumentId} version {Version} came after the index made it durable; its status says so", documentId, version);
            return;
        }

        if (indexed > version)
        {
            await Superseded.RecordAsync(status, writer, documentId, version, context.CancellationToken);
            return;
        }

        var exception = context.Message.Exceptions.FirstOrDefault();
        var reason = $"Gave up at the {step} step after its retries: {exception?.ExceptionType} {exception?.Message}. The message is in the error queue (POST /api/admin/redrive moves it back).";
        await status.RecordAsync(documentId, version, DocumentState.Failed, new StatusDetails(Error: reason, FailedStep: step, Readers: readers), context.CancellationToken);
        metrics.DocumentFailed("retries-exhausted");
        logger.LogError("Failed {DocumentId} version {Version}: {Reason}", documentId, version, reason);
    }
}
