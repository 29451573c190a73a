using Elastic.Clients.Elasticsearch;
using Ingestion.Core.Documents;
using Ingestion.Core.Embeddings;
using static Ingestion.Index.Elasticsearch.ElasticsearchSchema;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// Writes documents to Elasticsearch with the embedded store's ordering guarantees, with any number of writers.
/// Each document has a manifest (its version, chunk count, and the version it replaced) changed only by
/// compare-and-set on its sequence number, and chunk ids carry their version, so versions never overwrite each other:
/// <list type="number">
/// <item>read the manifest (real time); a newer version there makes this write stale, the same version already applied;</item>
/// <item>bulk-index this version's chunks;</item>
/// <item>compare-and-set the manifest to this version; if another writer changed it meanwhile, read again from step 1;</item>
/// <item>delete the replaced version's chunks by id, and those of the version it had replaced, in case that write's
/// own step 4 failed (ids known from the manifests, so chunks not yet refreshed are found too);</item>
/// <item>delete any chunk of the document older than the manifest's version (a query, so it sees what the last refresh
/// made searchable: leftovers of writes that failed further back, which no manifest names any more).</item>
/// </list>
/// A write that finds itself stale deletes its own chunk ids, whether this attempt wrote them or an earlier one did
/// before failing. A crash between steps leaves chunks no manifest names, or older ones not yet deleted; the message is
/// redelivered and the same write finishes the job (an already-applied write repeats steps 4 and 5), and searches
/// only ever return chunks of the version the manifest names (see <see cref="ElasticsearchIndexSnapshot"/>).
/// Nothing waits for a refresh: a write is durable when the calls return (the translog), visible after the next refresh.
/// </summary>
public sealed class ElasticsearchChunkIndexWriter(ElasticsearchClient client, ElasticsearchIndex index, ElasticsearchBulk bulk, EmbeddingModelInfo model) : IChunkIndexWriter
{
    // Set once the index's mapping has the fields added since it may have been created; a race only repeats the request.
    private volatile bool _fieldsAdded;

    public async Task<long?> IndexedVersionAsync(string documentId, CancellationToken cancellationToken)
    {
        var read = await ReadManifestAsync(await index.NameAsync(cancellationToken), documentId, cancellationToken);
        return read?.Source?.Version;
    }

    public async Task<WriteOutcome> ApplyAsync(DocumentWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        IndexTerms.Check(write);
        if (write is ReplaceDocument { EmbeddingModelId: var modelId } && modelId != model.ModelId)
        {
            throw EmbeddingModelMismatchException.For(model, new EmbeddingModelInfo(modelId, model.Dimension));
        }

        var name = await index.NameAsync(cancellationToken);
        await AddNewFieldsAsync(name, cancellationToken);
        var chunksWritten = false;
        while (true)
        {
            var read = await ReadManifestAsync(name, write.DocumentId, cancellationToken);
            var current = read?.Source;
            if (current is not null && current.Version > write.Version)
            {
                // An earlier attempt of this write may have written its chunks and then failed: remove them either way.
                if (ChunkCountOf(write) > 0)
                {
                    await bulk.SendAsync(name, ChunkDeletes(write.DocumentId, write.Version, ChunkCountOf(write)), cancellationToken);
                }

                return WriteOutcome.Stale;
            }

            if (current is not null && current.Version == write.Version)
            {
                if (SameVersion.Conflict(write, current.Deleted == true, SameVersion.Fingerprint(current.ChangeHash)) is { } conflict)
                {
                    throw new DocumentRejectedException(conflict);
                }

                await RemoveReplacedAsync(name, current, replaced: null, cancellationToken);
                return WriteOutcome.AlreadyApplied;
            }

            if (!chunksWritten && write is ReplaceDocument replace)
            {
                try
                {
                    await bulk.SendAsync(name, [.. Chunks(replace).Select(c => BulkOperation.Index(ChunkDocumentId(replace.DocumentId, replace.Version, c.Ordinal!.Value), c))], cancellationToken);
                }
                catch (DocumentRejectedException)
                {
                    // Its other chunks may be written; without a manifest no search shows them, and none stays behind.
                    await bulk.SendAsync(name, ChunkDeletes(replace.DocumentId, replace.Version, replace.Chunks.Count), cancellationToken);
                    throw;
                }

                chunksWritten = true;
            }

            var manifest = Manifest(write, current);
            if (await CompareAndSetAsync(name, manifest, read, cancellationToken))
            {
                await RemoveReplacedAsync(name, manifest, current, cancellationToken);
                return WriteOutcome.Applied;
            }
        }
    }

    /// <summary>
    /// An index created by an earlier version of this store lacks the fields added to the mapping since, and the mapping
    /// is strict: those it lacks are added before the first write (an existing field may not be changed). Only the writer
    /// does it: readers may hold read-only credentials.
    /// </summary>
    private async Task AddNewFieldsAsync(string name, CancellationToken cancellationToken)
    {
        if (_fieldsAdded)
        {
            return;
        }

        var mapping = await client.Indices.GetMappingAsync(new Elastic.Clients.Elasticsearch.IndexManagement.GetMappingRequest(name), cancellationToken);
        ElasticsearchException.ThrowUnlessValid(mapping, $"reading the mapping of {name}");
        // Keyed by the concrete index's name, which is the one asked for.
        var present = mapping.Mappings.Values.FirstOrDefault()?.Mappings.Properties is { } properties
            ? properties.Select(p => p.Key.Name).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        if (ElasticsearchSchema.AddedFields(name, present) is { } missing)
        {
            var added = await client.Indices.PutMappingAsync(missing, cancellationToken);
            ElasticsearchException.ThrowUnlessValid(added, $"adding new fields to the mapping of {name}");
        }

        _fieldsAdded = true;
    }

    /// <summary>The manifest as of now (GET is real time: it sees writes not yet refreshed), or null.</summary>
    private async Task<GetResponse<StoredSource>?> ReadManifestAsync(string name, string documentId, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync<StoredSource>(new GetRequest(name, ManifestId(documentId)) { Realtime = true }, cancellationToken);
        ElasticsearchException.ThrowUnlessValid(response, $"reading the manifest of {documentId}");
        return response.Found ? response : null;
    }

    /// <summary>
    /// Writes the manifest only if it is unchanged since it was read (<c>if_seq_no</c>, <c>if_primary_term</c>), or, when
    /// it was not there, only if it still is not (<c>op_type=create</c>). False when another writer came first (409).
    /// </summary>
    private async Task<bool> CompareAndSetAsync(string name, StoredSource manifest, GetResponse<StoredSource>? read, CancellationToken cancellationToken)
    {
        var request = new IndexRequest<StoredSource>(manifest, name, ManifestId(manifest.DocumentId));
        if (read is { SeqNo: { } seqNo, PrimaryTerm: { } term })
        {
            request.IfSeqNo = seqNo;
            request.IfPrimaryTerm = term;
        }
        else
        {
            request.OpType = OpType.Create;
        }

        var response = await client.IndexAsync(request, cancellationToken);
        if (response.ApiCallDetails?.HttpStatusCode == 409)
        {
            return false;
        }

        ElasticsearchException.ThrowUnlessValid(response, $"writing the manifest of {manifest.DocumentId}");
        return true;
    }

    /// <summary>
    /// Steps 4 and 5: the chunks of the version <paramref name="manifest"/> replaced and, when this write read the
    /// manifest it replaced, of the version that one replaced; then whatever older chunks the last refresh shows.
    /// </summary>
    private async Task RemoveReplacedAsync(string name, StoredSource manifest, StoredSource? replaced, CancellationToken cancellationToken)
    {
        var deletes = new List<BulkOperation>();
        if (manifest.PreviousVersion is { } previous && manifest.PreviousChunkCount is { } count)
        {
            deletes.AddRange(ChunkDeletes(manifest.DocumentId, previous, count));
        }

        if (replaced is { PreviousVersion: { } older, PreviousChunkCount: { } olderCount })
        {
            deletes.AddRange(ChunkDeletes(manifest.DocumentId, older, olderCount));
        }

        if (deletes.Count > 0)
        {
            await bulk.SendAsync(name, deletes, cancellationToken);
        }

        var deleted = await client.DeleteByQueryAsync(ElasticsearchQueries.ChunksOlderThan(name, manifest.DocumentId, manifest.Version), cancellationToken);
        ElasticsearchException.ThrowUnlessValid(deleted, $"deleting chunks of {manifest.DocumentId} older than version {manifest.Version}");
        if (deleted.Failures is { Count: > 0 } failures)
        {
            throw new ElasticsearchException($"Deleting chunks of {manifest.DocumentId} older than version {manifest.Version} failed for {failures.Count} chunks: {failures.First().Cause?.Reason}");
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
        ChangeHash = write is ReplaceDocument ? write.ChangeHash : null,
        Readers = write.Readers,
    };

    /// <summary>A document's chunks; the first also carries the document's title and whole text, to rank documents whole.</summary>
    private static IEnumerable<StoredSource> Chunks(ReplaceDocument document) =>
        document.Chunks.Select((chunk, i) => i == 0
            ? Chunk(document, chunk) with { DocumentTitle = document.Title, DocumentText = WholeText.Of(document.Chunks) }
            : Chunk(document, chunk));

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
        Context = chunk.Context,
        Tags = document.Tags,
        Readers = document.Readers,
        ContentType = MediaTypes.Essence(document.ContentType),
        Updated = document.UpdatedAt?.ToUnixTimeMilliseconds(),
        Vector = chunk.Vector.ToArray(),
    };
}
