using Ingestion.Core.Embeddings;
using Microsoft.Extensions.Logging;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Which index the single writer writes, and the switch searches make to it: the write lock over the whole layout, the
/// choice between the current index and one a re-index for another model is building, and, when that re-index is
/// done, the atomic switch and the removal of the replaced index.
/// </summary>
internal sealed class LuceneIndexLifecycle : IDisposable
{
    private readonly WriterLock _lock;
    private readonly ILogger _logger;

    private LuceneIndexLifecycle(LuceneIndexLayout layout, WriterLock writerLock, string indexName, string? rebuildSource, ILogger logger)
    {
        Layout = layout;
        _lock = writerLock;
        IndexName = indexName;
        RebuildSource = rebuildSource;
        _logger = logger;
    }

    public LuceneIndexLayout Layout { get; }

    /// <summary>The index written: the current one, or while a re-index runs, the one being built.</summary>
    public string IndexName { get; }

    /// <summary>
    /// The index whose documents are being copied into <see cref="IndexName"/> (re-embedded for this writer's model):
    /// the current one while it holds another model's vectors; or, after a re-index was abandoned (the model setting
    /// went back), the index it was building, whose live writes exist nowhere else. Null otherwise.
    /// </summary>
    public string? RebuildSource { get; private set; }

    /// <summary>
    /// Takes the layout's write lock (waiting <paramref name="lockTimeout"/> for the writer of an overlapping restart;
    /// throws when another writer keeps it) and chooses the index to write for <paramref name="model"/>.
    /// </summary>
    public static LuceneIndexLifecycle Begin(LuceneIndexLayout layout, EmbeddingModelInfo model, TimeSpan lockTimeout, DateTimeOffset now, ILogger logger)
    {
        // Before anything is chosen or written: the layout's files are this writer's alone too.
        var writerLock = WriterLock.Acquire(layout.Root, lockTimeout);
        try
        {
            var (indexName, rebuildSource) = Choose(layout, model, now, logger);
            return new LuceneIndexLifecycle(layout, writerLock, indexName, rebuildSource, logger);
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Once the chosen index's first commit exists (it records the model): makes a new index current, unless it is a
    /// re-index's target, and removes indexes nothing uses.
    /// </summary>
    public void Opened()
    {
        if (RebuildSource is null && Layout.Current != IndexName)
        {
            Layout.SetCurrent(IndexName);
        }

        foreach (var removed in Layout.DeleteUnused())
        {
            _logger.LogInformation("Removed the unused index {IndexName}", removed);
        }
    }

    /// <summary>After a re-index, with its last commit made: searches move to the new index (one atomic rename).</summary>
    public void SwitchToRebuilt()
    {
        Layout.SetCurrent(IndexName);
        Layout.ClearNext();
        RebuildSource = null;
    }

    /// <summary>Removes the index a re-index replaced, once no search needs to be moved off it by this writer.</summary>
    public void DeleteReplaced()
    {
        foreach (var removed in Layout.DeleteUnused())
        {
            _logger.LogInformation("Removed the replaced index {IndexName}", removed);
        }
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// The index to write: the current one when it holds this model's vectors (or none yet exists: a new one), else the
    /// one a re-index is building for this model (resumed after a restart, or new).
    /// </summary>
    private static (string IndexName, string? RebuildSource) Choose(LuceneIndexLayout layout, EmbeddingModelInfo model, DateTimeOffset now, ILogger logger)
    {
        var current = layout.Current;
        if (current is null)
        {
            return (layout.Create(model, now), null);
        }

        var recorded = layout.ModelOf(current);
        if (recorded is null || (recorded == model && layout.FormatOf(current) >= LuceneSchema.Format))
        {
            if (layout.Next is { } abandoned && layout.ModelOf(abandoned) is { } other && other != model)
            {
                // A re-index to another model was abandoned (the model setting went back). The writes acknowledged while
                // it ran went to its index alone: they are copied back (the newer versions only) before it is removed.
                logger.LogInformation("The re-index into {Abandoned} ({Other}) was abandoned; copying the writes made during it back into {Current} ({Model})", abandoned, other.ModelId, current, model.ModelId);
                return (current, abandoned);
            }

            if (layout.Next is not null)
            {
                // A re-index that never recorded its model wrote nothing: forget it.
                layout.ClearNext();
            }

            return (current, null);
        }

        if (layout.Next is { } next && layout.ModelOf(next) == model)
        {
            logger.LogInformation("Resuming the re-index of {Source} ({From}) into {Target} ({To})", current, recorded.ModelId, next, model.ModelId);
            return (next, current);
        }

        if (layout.Next is { } unfinished && layout.ModelOf(unfinished) is { } unfinishedModel)
        {
            // A re-index for a third model would start from the current index and remove the unfinished one, which
            // holds the only copy of the writes acknowledged while it ran: the operator ends that one first.
            throw new InvalidOperationException(
                $"A re-index of {current} ({recorded.ModelId}) into {unfinished} ({unfinishedModel.ModelId}) has not ended, and the writes acknowledged "
                + $"during it are only in {unfinished}. Set Embeddings:Model to {unfinishedModel.ModelId} to finish it (or switch to it), or back to "
                + $"{recorded.ModelId} to abandon it (its writes are copied back), before changing it to {model.ModelId}.");
        }

        var target = layout.Create(model, now);
        layout.SetNext(target);
        if (recorded == model)
        {
            logger.LogInformation("The index {Source} was written in format {Format}, before {Current}; re-indexing it into {Target}", current, layout.FormatOf(current), LuceneSchema.Format, target);
        }
        else
        {
            logger.LogInformation("The index {Source} holds vectors of {From}; re-indexing it into {Target} for {To}", current, recorded.ModelId, target, model.ModelId);
        }

        return (target, current);
    }
}
