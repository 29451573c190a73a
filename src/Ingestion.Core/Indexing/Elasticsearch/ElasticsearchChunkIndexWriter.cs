using static Ingestion.Core.Indexing.Elasticsearch.ElasticsearchSchema;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// Writes documents to Elasticsearch with the embedded store's ordering guarantees, with any number of writers.
/// Each document has a manifest (its version, chunk count, and the version it replaced) changed only by
/// compare-and-set on its sequence number, and chunk ids carry their version, so versions never overwrite each other:
/// <list type="number">
/// <item>read the manifest (real time); a newer version there makes this write stale, the same version already applied;</item>
/// <item>bulk-index this version's chunks;</item>
/// <item>compare-and-set the manifest to this version; if another writer changed it meanwhile, read again from step 1
/// (a stale writer then deletes the chunks it wrote);</item>
/// <item>delete the replaced version's chunks by id (known from the manifest, so unrefreshed ones are found too).</item>
/// </list>
/// A crash between steps leaves chunks no manifest names or a replaced version not yet deleted; the message is
/// redelivered and the same write finishes the job (an already-applied write repeats step 4). Until then, and until
/// the next refresh, searches may see two versions of a document; the searcher keeps the newest.
/// Nothing waits for a refresh: a write is durable when the calls return (the translog), visible after the next refresh.
/// </summary>
public sealed class ElasticsearchChunkIndexWriter(ElasticsearchClient client, ElasticsearchIndex index, EmbeddingModelInfo model) : IChunkIndexWriter
{
    public async Task<long?> IndexedVersionAsync(string documentId, CancellationToken cancellationToken)
    {
        var read = await client.GetAsync(await index.NameAsync(cancellationToken), ManifestId(documentId), cancellationToken);
        return read?.Source?.Version;
    }

    public async Task<WriteOutcome> ApplyAsync(DocumentWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write is ReplaceDocument { EmbeddingModelId: var modelId } && modelId != model.ModelId)
        {
            throw EmbeddingModelMismatchException.For(model, new EmbeddingModelInfo(modelId, model.Dimension));
        }

        var name = await index.NameAsync(cancellationToken);
        var manifestId = ManifestId(write.DocumentId);
        var chunksWritten = false;
        while (true)
        {
            var read = await client.GetAsync(name, manifestId, cancellationToken);
            var current = read?.Source;
            if (current is not null && current.Version > write.Version)
            {
                if (chunksWritten)
                {
                    await client.BulkAsync(name, ChunkDeletes(write.DocumentId, write.Version, ChunkCountOf(write)), cancellationToken);
                }

                return WriteOutcome.Stale;
            }

            if (current is not null && current.Version == write.Version)
            {
                await DeleteReplacedAsync(name, current, cancellationToken);
                return WriteOutcome.AlreadyApplied;
            }

            if (!chunksWritten && write is ReplaceDocument replace)
            {
                await client.BulkAsync(name, [.. replace.Chunks.Select(c => BulkOperation.Index(ChunkDocumentId(replace.DocumentId, replace.Version, c.Ordinal), Chunk(replace, c)))], cancellationToken);
                chunksWritten = true;
            }

            var manifest = Manifest(write, current);
            if (await client.CompareAndSetAsync(name, manifestId, manifest, read, cancellationToken))
            {
                await DeleteReplacedAsync(name, manifest, cancellationToken);
                return WriteOutcome.Applied;
            }
        }
    }

    private async Task DeleteReplacedAsync(string name, StoredSource manifest, CancellationToken cancellationToken)
    {
        if (manifest.PreviousVersion is { } previous && manifest.PreviousChunkCount is { } count && count > 0)
        {
            await client.BulkAsync(name, ChunkDeletes(manifest.DocumentId, previous, count), cancellationToken);
        }
    }

    private static List<BulkOperation> ChunkDeletes(string documentId, long version, int count) =>
        [.. Enumerable.Range(0, count).Select(ordinal => BulkOperation.Delete(ChunkDocumentId(documentId, version, ordinal)))];

    private static int ChunkCountOf(DocumentWrite write) => write is ReplaceDocument replace ? replace.Chunks.Count : 0;

    private static StoredSource Manifest(DocumentWrite write, StoredSource? replaced) => new()
    {
        Kind = ManifestKind,
        DocumentId = write.DocumentId,
        Version = write.Version,
        Deleted = write is RemoveDocument,
        ChunkCount = ChunkCountOf(write),
        PreviousVersion = replaced?.Version,
        PreviousChunkCount = replaced?.ChunkCount,
    };

    private static StoredSource Chunk(ReplaceDocument document, IndexedChunk chunk) => new()
    {
        Kind = ChunkKind,
        DocumentId = document.DocumentId,
        Version = document.Version,
        ChunkId = chunk.ChunkId,
        Ordinal = chunk.Ordinal,
        Title = document.Title,
        Text = chunk.Text,
        StartOffset = chunk.StartOffset,
        EndOffset = chunk.EndOffset,
        Page = chunk.Page,
        Tags = document.Tags,
        ContentType = document.ContentType,
        Updated = document.UpdatedAt?.ToUnixTimeMilliseconds(),
        Vector = chunk.Vector.ToArray(),
    };
}
