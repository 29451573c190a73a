using Ingestion.Contracts;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Indexing;
using Ingestion.Core.Telemetry;

namespace Ingestion.Indexer.Pipeline;

/// <summary>The last step: a document's chunks replace whatever the index held for it, if this version is newer.</summary>
public sealed class IndexStep(IChunkIndexWriter writer)
{
    public async Task<WriteOutcome> ReplaceAsync(DocumentEmbedded document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("index");
        activity?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId);
        activity?.SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);
        activity?.SetTag("index.chunks", document.Chunks.Count);
        var indexed = document.Chunks
            .Select(c => new IndexedChunk(ChunkIdOf(document.DocumentId, document.Version, c.Ordinal), c.Ordinal, c.Text, c.StartOffset, c.EndOffset, VectorBytes.ToVector(c.Vector), c.Page))
            .ToList();
        var write = new ReplaceDocument(document.DocumentId, document.Version, document.Title, document.ContentType, document.Tags, document.EmbeddingModelId, indexed, document.OccurredAt);
        var outcome = await writer.ApplyAsync(write, cancellationToken);
        activity?.SetTag("index.outcome", outcome.ToString());
        return outcome;
    }

    public async Task<WriteOutcome> RemoveAsync(DocumentDeleted document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("index");
        activity?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId);
        activity?.SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);
        var outcome = await writer.ApplyAsync(new RemoveDocument(document.DocumentId, document.Version), cancellationToken);
        activity?.SetTag("index.outcome", outcome.ToString());
        return outcome;
    }

    /// <summary>Deterministic, and carrying the version, so two versions' chunks never share an id.</summary>
    public static string ChunkIdOf(string documentId, long version, int ordinal) => $"{documentId}@{version}#{ordinal}";
}
