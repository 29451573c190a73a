using System.Globalization;
using Ingestion.Core.Documents.Chunking;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Re-indexes for a new embedding model: every document of the writer's <see cref="LuceneChunkIndexWriter.RebuildSource"/>
/// (the index searches still read) is re-embedded from its stored chunk text into the writer's index, then that index
/// becomes current in one atomic rename. Live writes keep going to the new index meanwhile, and their newer versions win
/// the version check, so nothing the rebuild copies can overwrite them. Documents already copied are skipped, so a
/// rebuild cut short by a restart resumes where it was.
/// </summary>
/// <param name="writer">Writes the index being built.</param>
/// <param name="logger">Says how the re-index goes.</param>
/// <param name="gate">Decides whether the built index may be switched to (<c>Index:SwitchGate</c>); null switches at once.</param>
/// <param name="approvalPoll">How often a held switch looks for an operator's approval.</param>
public sealed class LuceneIndexRebuild(LuceneChunkIndexWriter writer, ILogger<LuceneIndexRebuild> logger, IIndexSwitchGate? gate = null, TimeSpan? approvalPoll = null)
{
    /// <summary>Documents embedded together and committed by one group commit, at most.</summary>
    public const int DocumentsPerBatch = 32;

    /// <summary>
    /// Chunks held and embedded together, at most, unless one document has more: 32 documents of 20,000 chunks each
    /// would otherwise be 640,000 chunks and their vectors in memory at once.
    /// </summary>
    public const int ChunksPerBatch = 1024;

    /// <summary>
    /// Runs the re-index to its switch, trying again after a failure (the encoder or the disk failing for a while)
    /// after <paramref name="retryDelay"/>, doubled each time up to five minutes, rather than ending the indexer: each
    /// try resumes where the last one stopped, and live writes go on meanwhile.
    /// </summary>
    public async Task RunUntilDoneAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IProgress<(int Done, int Total)>? progress, TimeSpan retryDelay, CancellationToken cancellationToken)
    {
        var delay = retryDelay;
        while (true)
        {
            try
            {
                await RunAsync(generator, progress, cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(exception, "The re-index into {Target} failed; trying again in {Delay}", writer.IndexName, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            }
        }
    }

    /// <summary>Runs the re-index, if one is needed, to its switch.</summary>
    /// <param name="generator">Makes the new model's vectors (through the embedding cache, which workers share).</param>
    /// <param name="progress">Told the documents done so far and the total.</param>
    /// <param name="cancellationToken">Stops the rebuild; it resumes at the next start.</param>
    public async Task RunAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (writer.RebuildSource is not { } source)
        {
            return;
        }

        using var directory = FSDirectory.Open(new DirectoryInfo(writer.Layout.PathOf(source)));
        using var reader = DirectoryReader.Open(directory);
        var total = reader.DocFreq(new Term(LuceneSchema.Kind, LuceneSchema.ManifestKind));
        var done = 0;
        var batch = new List<StoredDocument>(DocumentsPerBatch);
        var batchChunks = 0;
        foreach (var document in Documents(reader))
        {
            if (await writer.HoldsAsync(document.DocumentId, document.Version, cancellationToken))
            {
                done++;
                continue;
            }

            if (batch.Count > 0 && batchChunks + document.Chunks.Count > ChunksPerBatch)
            {
                done += await CopyAsync(batch, generator, cancellationToken);
                (batch, batchChunks) = ([], 0);
                progress?.Report((done, total));
            }

            batch.Add(document);
            batchChunks += document.Chunks.Count;
            if (batch.Count == DocumentsPerBatch)
            {
                done += await CopyAsync(batch, generator, cancellationToken);
                (batch, batchChunks) = ([], 0);
                progress?.Report((done, total));
            }
        }

        done += await CopyAsync(batch, generator, cancellationToken);
        progress?.Report((done, total));
        await PassGateAsync(source, cancellationToken);
        await writer.CompleteRebuildAsync(cancellationToken);
        logger.LogInformation("Re-indexed {Documents} documents from {Source} into {Target} for {Model}; searches now read {Target}", done, source, writer.IndexName, writer.Model.ModelId, writer.IndexName);
    }

    /// <summary>
    /// Waits, before the switch, while the gate finds the built index worse than the current one: the hold is kept in
    /// the layout (so <c>GET /api/index</c> says why) until an operator approves the switch. Live writes go on into the
    /// built index meanwhile. To abandon it instead, the operator sets the model back, and the next start copies them
    /// back. A switch approved before a restart is not evaluated again.
    /// </summary>
    private async Task PassGateAsync(string source, CancellationToken cancellationToken)
    {
        var layout = writer.Layout;
        var target = writer.IndexName;
        if (gate is null || layout.IsApproved(target) || target == layout.Current)
        {
            // A copy-back (the model went back) writes the index searches already read: there is no switch to judge,
            // and a hold of it could never be approved, as only a hold of the re-index's target can.
            return;
        }

        var current = layout.ModelOf(source);
        var hold = await gate.EvaluateAsync(new IndexDescription(source, current, null), new IndexDescription(target, writer.Model, null), cancellationToken);
        if (hold is null)
        {
            logger.LogInformation("The switch gate lets searches move to {Target}", target);
            return;
        }

        layout.Hold(hold);
        logger.LogWarning(
            "The switch to {Target} ({Model}) is held: {Reason} Switch anyway with `ingest index switch` (POST /api/index/switch) or the dashboard's command; to abandon it, set Embeddings:Model back to {Current}",
            target,
            writer.Model.ModelId,
            hold.Reason,
            current?.ModelId);
        while (!layout.IsApproved(target))
        {
            await Task.Delay(approvalPoll ?? TimeSpan.FromSeconds(2), cancellationToken);
        }

        logger.LogInformation("An operator approved the held switch to {Target}", target);
    }

    /// <summary>Embeds the batch's chunks in one call and writes its documents together, so they share one group commit.</summary>
    private async Task<int> CopyAsync(List<StoredDocument> batch, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var texts = batch
            .SelectMany(d => d.Chunks.Select(c => EmbeddingText.Of(d.DocumentId, c.Get(LuceneSchema.Title, CultureInfo.InvariantCulture), c.Get(LuceneSchema.Text, CultureInfo.InvariantCulture), c.Get(LuceneSchema.Context, CultureInfo.InvariantCulture))))
            .ToList();
        var vectors = texts.Count == 0 ? [] : await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
        var next = 0;
        var writes = new List<DocumentWrite>(batch.Count);
        foreach (var document in batch)
        {
            writes.Add(document.Deleted
                ? new RemoveDocument(document.DocumentId, document.Version) { DeletedAt = document.DeletedAt, Readers = document.Readers }
                : ToReplace(document, document.Chunks.Select(c => ToChunk(c, vectors[next++].Vector)).ToList()));
        }

        await Task.WhenAll(writes.Select(w => writer.ApplyAsync(w, cancellationToken)));
        return batch.Count;
    }

    private ReplaceDocument ToReplace(StoredDocument document, List<IndexedChunk> chunks)
    {
        var first = document.Chunks.FirstOrDefault();
        var updated = first?.GetField(LuceneSchema.Updated)?.GetInt64Value();
        return new ReplaceDocument(
            document.DocumentId,
            document.Version,
            first?.Get(LuceneSchema.Title, CultureInfo.InvariantCulture) ?? document.DocumentId,
            first?.Get(LuceneSchema.ContentType, CultureInfo.InvariantCulture) ?? "text/plain",
            first?.GetValues(LuceneSchema.Tag, CultureInfo.InvariantCulture) ?? [],
            writer.Model.ModelId,
            chunks,
            updated is { } milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null,
            document.ChangeHash) { Readers = document.Readers };
    }

    private static IndexedChunk ToChunk(Document chunk, ReadOnlyMemory<float> vector) => new(
        chunk.Get(LuceneSchema.ChunkId, CultureInfo.InvariantCulture),
        chunk.GetField(LuceneSchema.Ordinal).GetInt32Value() ?? 0,
        chunk.Get(LuceneSchema.Text, CultureInfo.InvariantCulture),
        chunk.GetField(LuceneSchema.StartOffset).GetInt32Value() ?? 0,
        chunk.GetField(LuceneSchema.EndOffset).GetInt32Value() ?? 0,
        vector,
        chunk.GetField(LuceneSchema.Page)?.GetInt32Value(),
        chunk.Get(LuceneSchema.Context, CultureInfo.InvariantCulture));

    /// <summary>
    /// Every live document of the index with its chunks, read in doc-id order. A document is one block (its manifest,
    /// then its chunks), and Lucene keeps a block's documents adjacent through merges, so one sequential pass finds them.
    /// </summary>
    private static IEnumerable<StoredDocument> Documents(DirectoryReader reader)
    {
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            var live = segment.LiveDocs;
            StoredDocument? open = null;
            for (var doc = 0; doc < segment.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc))
                {
                    continue;
                }

                var stored = segment.Document(doc);
                var documentId = stored.Get(LuceneSchema.DocumentId, CultureInfo.InvariantCulture);
                if (stored.Get(LuceneSchema.Kind, CultureInfo.InvariantCulture) == LuceneSchema.ManifestKind)
                {
                    if (open is not null)
                    {
                        yield return open;
                    }

                    open = new StoredDocument(
                        documentId,
                        stored.GetField(LuceneSchema.DocumentVersion).GetInt64Value() ?? 0,
                        stored.GetField(LuceneSchema.Deleted).GetInt32Value() == 1,
                        [],
                        stored.Get(LuceneSchema.ChangeHash, CultureInfo.InvariantCulture),
                        stored.GetField(LuceneSchema.DeletedAt)?.GetInt64Value() is { } deletedAt ? DateTimeOffset.FromUnixTimeMilliseconds(deletedAt) : null,
                        stored.GetValues(LuceneSchema.Reader, CultureInfo.InvariantCulture));
                }
                else if (open is not null && open.DocumentId == documentId)
                {
                    open.Chunks.Add(stored);
                }
                else
                {
                    throw new InvalidDataException($"A chunk of '{documentId}' is not in its document's block; the index is not one this store wrote.");
                }
            }

            if (open is not null)
            {
                yield return open;
            }
        }
    }

    /// <summary>A document of the source index: its manifest's fields (a delete's time too, so its tombstone keeps its retention) and its chunks.</summary>
    private sealed record StoredDocument(string DocumentId, long Version, bool Deleted, List<Document> Chunks, string? ChangeHash, DateTimeOffset? DeletedAt, string[] Readers);
}
