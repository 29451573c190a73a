using Ingestion.Contracts;
using Ingestion.Core.Chunking;
using Ingestion.Core.Indexing;
using Ingestion.Core.Telemetry;

namespace Ingestion.Worker.Pipeline;

/// <summary>Step 4: the document's chunks replace whatever the index held for it, if this version is newer.</summary>
public sealed class IndexStep(IChunkIndexWriter writer, EmbeddingModelInfo model)
{
    public async Task<WriteOutcome> ReplaceAsync(
        DocumentUpserted document,
        IReadOnlyList<TextChunk> chunks,
        IReadOnlyList<ReadOnlyMemory<float>> vectors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(vectors);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("index");
        activity?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId);
        activity?.SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);
        activity?.SetTag("index.chunks", chunks.Count);
        var indexed = chunks
            .Select((chunk, i) => new IndexedChunk(ChunkIdOf(document.DocumentId, document.Version, chunk.Ordinal), chunk.Ordinal, chunk.Text, chunk.StartOffset, chunk.EndOffset, vectors[i]))
            .ToList();
        var write = new ReplaceDocument(document.DocumentId, document.Version, document.Title, document.ContentType, document.Tags, model.ModelId, indexed);
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
