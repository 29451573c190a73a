using Ingestion.Contracts;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Telemetry;
using Ingestion.Index;

namespace Ingestion.Indexer.Pipeline;

/// <summary>The last step: a document's chunks replace whatever the index held for it, if this version is newer.</summary>
public sealed class IndexStep(IChunkIndexWriter writer, EmbeddingModelInfo model, EmbeddingGenerators generators, ILogger<IndexStep> logger)
{
    public async Task<WriteOutcome> ReplaceAsync(DocumentEmbedded document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("index");
        activity?.SetTag(IngestionTelemetry.DocumentIdTag, document.DocumentId);
        activity?.SetTag(IngestionTelemetry.DocumentVersionTag, document.Version);
        activity?.SetTag("index.chunks", document.Chunks.Count);
        var (modelId, vectors) = await VectorsAsync(document, cancellationToken);
        var indexed = document.Chunks
            .Select((c, i) => new IndexedChunk(ChunkIdOf(document.DocumentId, document.Version, c.Ordinal), c.Ordinal, c.Text, c.StartOffset, c.EndOffset, vectors[i], c.Page, c.Context))
            .ToList();
        var write = new ReplaceDocument(document.DocumentId, document.Version, document.Title, document.ContentType, document.Tags, modelId, indexed, document.OccurredAt, document.ChangeHash)
        {
            Readers = document.Readers,
        };
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
        var outcome = await writer.ApplyAsync(new RemoveDocument(document.DocumentId, document.Version) { Readers = document.Readers }, cancellationToken);
        activity?.SetTag("index.outcome", outcome.ToString());
        return outcome;
    }

    /// <summary>Deterministic, and carrying the version, so two versions' chunks never share an id.</summary>
    public static string ChunkIdOf(string documentId, long version, int ordinal) => $"{documentId}@{version}#{ordinal}";

    /// <summary>
    /// The message's vectors when they are the index's model's. Vectors of another model (a message embedded before the
    /// model setting changed) are never written: their chunk texts are embedded again with the index's model.
    /// </summary>
    private async Task<(string ModelId, IReadOnlyList<ReadOnlyMemory<float>> Vectors)> VectorsAsync(DocumentEmbedded document, CancellationToken cancellationToken)
    {
        if (document.EmbeddingModelId == model.ModelId || !generators.CanEmbed(model.ModelId))
        {
            // Vectors of a model that cannot be made here go to the store as they are, which refuses them with the reason.
            return (document.EmbeddingModelId, [.. document.Chunks.Select(c => (ReadOnlyMemory<float>)VectorBytes.ToVector(c.Vector))]);
        }

        logger.LogInformation("{DocumentId} version {Version} was embedded with {Offered}; embedding its chunks again with {Model}", document.DocumentId, document.Version, document.EmbeddingModelId, model.ModelId);
        var embeddings = document.Chunks.Count == 0 ? [] : await generators.For(model.ModelId).GenerateAsync([.. document.Chunks.Select(c => EmbeddingText.Of(document.DocumentId, document.Title, c.Text, c.Context))], cancellationToken: cancellationToken);
        return (model.ModelId, [.. embeddings.Select(e => e.Vector)]);
    }
}
