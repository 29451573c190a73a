using Ingestion.Core.Embeddings;
using Lucene.Net.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// The only writer of the embedded index. Writes are serialised so the version check and the block replace are one
/// step; commits are group commits (<see cref="GroupCommit"/>): every write waits for the next commit after it, so a
/// caller acknowledges its message only once the change is durable. Which index it writes, and the switch after a
/// re-index, are <see cref="LuceneIndexLifecycle"/>'s; rollback and reopening are <see cref="ReopeningIndexWriter"/>'s.
/// </summary>
public sealed class LuceneChunkIndexWriter : IChunkIndexWriter, IAsyncDisposable
{
    private readonly IndexOptions _options;
    private readonly ILogger<LuceneChunkIndexWriter> _logger;
    private readonly TimeProvider _clock;
    private readonly LuceneIndexLifecycle _lifecycle;
    private readonly ReopeningIndexWriter _index;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GroupCommit _commits = new();
    private readonly Task _commitLoop;
    private readonly bool _checkTermsFirst;

    // The writes added since the last commit, in order: after a document Lucene refuses, the rollback loses them and
    // they are added again, so the refused document fails alone.
    private readonly List<DocumentWrite> _uncommitted = [];
    private Exception? _lastFailure;
    private volatile bool _disposing;

    private LuceneChunkIndexWriter(IndexOptions options, EmbeddingModelInfo model, ILogger<LuceneChunkIndexWriter> logger, TimeProvider clock, LuceneIndexLifecycle lifecycle, ReopeningIndexWriter index, bool checkTermsFirst)
    {
        _checkTermsFirst = checkTermsFirst;
        _options = options;
        Model = model;
        _logger = logger;
        _clock = clock;
        _lifecycle = lifecycle;
        _index = index;
        _commitLoop = Task.Run(() => _commits.RunAsync(_options.CommitDelay, _gate, Commit, CommitFailed));
    }

    /// <summary>The index this writer writes: the current one, or while a re-index runs, the one being built.</summary>
    public string IndexName => _lifecycle.IndexName;

    /// <summary>
    /// The current index when it holds another model's vectors: its documents must be re-embedded into
    /// <see cref="IndexName"/> (see <see cref="LuceneIndexRebuild"/>) before searches move to it. Null otherwise.
    /// </summary>
    public string? RebuildSource => _lifecycle.RebuildSource;

    /// <summary>
    /// Why the writer cannot make changes durable now: the last add or commit failed (a full disk, say) and no commit
    /// has succeeded since, or the commit loop has stopped. Null while it works.
    /// </summary>
    public string? Failure => _commitLoop.IsCompleted && !_disposing
        ? $"The commit loop has stopped: {_commitLoop.Exception?.GetBaseException().Message ?? "no reason"}"
        : _lastFailure?.Message;

    internal LuceneIndexLayout Layout => _lifecycle.Layout;

    internal EmbeddingModelInfo Model { get; }

    /// <summary>
    /// Opens the writer of the index under <c>Index:DataPath</c> for <paramref name="model"/>'s vectors: takes the write
    /// lock (throwing when another writer keeps it past <c>Index:WriterLockTimeout</c>), chooses the index, opens it and
    /// reads every document's version.
    /// </summary>
    public static LuceneChunkIndexWriter Open(IOptions<IndexOptions> options, EmbeddingModelInfo model, ILogger<LuceneChunkIndexWriter> logger, TimeProvider clock) =>
        Open(options, model, logger, clock, checkTermsFirst: true);

    /// <summary>As <see cref="Open(IOptions{IndexOptions}, EmbeddingModelInfo, ILogger{LuceneChunkIndexWriter}, TimeProvider)"/>; without the check of terms first, tests see what Lucene does with a document it refuses.</summary>
    internal static LuceneChunkIndexWriter Open(IOptions<IndexOptions> options, EmbeddingModelInfo model, ILogger<LuceneChunkIndexWriter> logger, TimeProvider clock, bool checkTermsFirst)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clock);
        var settings = options.Value;
        var lifecycle = LuceneIndexLifecycle.Begin(LuceneIndexLayout.Of(settings), model, settings.WriterLockTimeout, clock.GetUtcNow(), logger);
        ReopeningIndexWriter? index = null;
        try
        {
            index = new ReopeningIndexWriter(lifecycle.Layout.PathOf(lifecycle.IndexName), model, logger);
            lifecycle.Opened();
            return new LuceneChunkIndexWriter(settings, model, logger, clock, lifecycle, index, checkTermsFirst);
        }
        catch
        {
            index?.Dispose();
            lifecycle.Dispose();
            throw;
        }
    }

    public async Task<WriteOutcome> ApplyAsync(DocumentWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_checkTermsFirst)
        {
            IndexTerms.Check(write);
        }

        if (write is ReplaceDocument replace)
        {
            Validate(replace);
        }

        Task committed;
        var outcome = WriteOutcome.Applied;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Opened first: after a failed reopening the versions are those of the last commit only once it opens.
            var writer = _index.Current();
            var known = _index.Versions.TryGetValue(write.DocumentId, out var indexed);
            if (known && write.Version < indexed)
            {
                if (!_uncommitted.Exists(w => w.DocumentId == write.DocumentId))
                {
                    return WriteOutcome.Stale;
                }

                // The newer version it lost to waits for its commit, which may yet fail and undo it: the answer
                // waits for that commit too, so an older version is never dropped for one that is then lost.
                outcome = WriteOutcome.Stale;
            }
            else if (known && write.Version == indexed)
            {
                if (SameVersion.Conflict(write, _index.Versions.IsDeleted(write.DocumentId), _index.Versions.ChangeOf(write.DocumentId)) is { } conflict)
                {
                    throw new DocumentRejectedException(conflict);
                }

                // The same version again: its first write may still wait for its commit, so this one
                // completes only with the next commit, which holds every write made before it.
                outcome = WriteOutcome.AlreadyApplied;
            }
            else
            {
                Write(writer, write);
            }

            committed = _commits.Request();
        }
        finally
        {
            _gate.Release();
        }

        await committed.WaitAsync(cancellationToken);
        return outcome;
    }

    public async Task<long?> IndexedVersionAsync(string documentId, CancellationToken cancellationToken)
    {
        // The version in memory may be a write still waiting for its commit, which may fail and be rolled back: it is
        // answered once the commit after it is durable (a failed commit fails this too), as a fault asks what the
        // index holds for good.
        var (version, committed) = await HeldVersionAsync(documentId, requestCommit: true, cancellationToken);
        await committed!.WaitAsync(cancellationToken);
        return version;
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        _commits.Complete();
        await _commitLoop;
        _index.Dispose();
        _gate.Dispose();
        _lifecycle.Dispose();
    }

    /// <summary>
    /// Whether this index already holds <paramref name="version"/> (or a newer one) of the document, committed or
    /// waiting for its commit: a rebuild asks it of every document, and commits what it copies itself.
    /// </summary>
    internal async Task<bool> HoldsAsync(string documentId, long version, CancellationToken cancellationToken)
    {
        return (await HeldVersionAsync(documentId, requestCommit: false, cancellationToken)).Version is { } indexed && indexed >= version;
    }

    /// <summary>The document's version in memory, and when asked, the commit that will make it durable.</summary>
    private async Task<(long? Version, Task? Committed)> HeldVersionAsync(string documentId, bool requestCommit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _index.Current();
            var version = _index.Versions.TryGetValue(documentId, out var held) ? held : (long?)null;
            return (version, requestCommit ? _commits.Request() : null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a re-index: commits, and makes this index the one searches read (one atomic rename); the old one is removed.</summary>
    internal async Task CompleteRebuildAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _index.Commit();
            _lifecycle.SwitchToRebuilt();
        }
        finally
        {
            _gate.Release();
        }

        _lifecycle.DeleteReplaced();
    }

    /// <summary>
    /// The document's block replaced, and its version noted; called with the gate held. Should Lucene refuse the
    /// document for its content (an <see cref="ArgumentException"/>, such as an immense term that got past
    /// <see cref="IndexTerms"/>), the writes of the same commit are rolled back and added again without it, and it
    /// fails alone, permanently; any other failure (a full disk) fails every write waiting for the commit.
    /// </summary>
    private void Write(IndexWriter writer, DocumentWrite write)
    {
        try
        {
            Add(writer, write);
        }
        catch (ArgumentException refused)
        {
            _logger.LogWarning(refused, "The embedded index refused {DocumentId}; adding the other writes of its commit again without it", write.DocumentId);
            RollBackAndAddAgain(refused);
            throw new DocumentRejectedException($"The embedded index refused document {write.DocumentId}: {refused.Message}", refused);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Lucene drops every document buffered since its last flush when an add fails (a full disk while
            // stored fields are written): the writes waiting for the next commit are lost with it.
            _logger.LogError(exception, "Adding {DocumentId} to the embedded index failed; rolling back to the last commit", write.DocumentId);
            _lastFailure = exception;
            RollBack(exception);
            throw;
        }
    }

    private void Add(IndexWriter writer, DocumentWrite write)
    {
        var deletedAtMs = write is RemoveDocument { DeletedAt: { } deletedAt } ? deletedAt.ToUnixTimeMilliseconds() : _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var block = write switch
        {
            ReplaceDocument r => [LuceneSchema.Manifest(r.DocumentId, r.Version, r.ChangeHash, r.Readers), .. LuceneSchema.Chunks(r)],
            RemoveDocument d => new[] { LuceneSchema.Tombstone(d.DocumentId, d.Version, deletedAtMs, d.Readers) },
            _ => throw new InvalidOperationException($"Unknown write {write.GetType().Name}."),
        };

        writer.UpdateDocuments(new Term(LuceneSchema.DocumentId, write.DocumentId), block);
        _uncommitted.Add(write);
        if (write is RemoveDocument)
        {
            _index.Versions.SetDeleted(write.DocumentId, write.Version, deletedAtMs);
        }
        else
        {
            _index.Versions.SetLive(write.DocumentId, write.Version, SameVersion.Fingerprint(write.ChangeHash));
        }
    }

    /// <summary>
    /// Back to the last commit, then the writes made since added again in their order. Whether Lucene kept or dropped
    /// the documents it had buffered when it refused one, this leaves exactly those writes, which still wait for the
    /// next commit. If adding them fails too, they fail as after any failed add.
    /// </summary>
    private void RollBackAndAddAgain(Exception cause)
    {
        var writes = _uncommitted.ToList();
        _uncommitted.Clear();
        _index.RollBack();
        try
        {
            var writer = _index.Current();
            foreach (var write in writes)
            {
                Add(writer, write);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Adding the writes of a commit again after a refused document failed; rolling back to the last commit");
            _lastFailure = exception;
            RollBack(new AggregateException(cause, exception));
        }
    }

    /// <summary>
    /// One group commit, with the gate held: expired tombstones leave with it, except while a re-index copies from
    /// another index. That index may still hold the deleted document (the current one, or the abandoned one a copy-back
    /// reads), and a switch can be held for days: a tombstone dropped here would let the copy bring the document back.
    /// </summary>
    private void Commit()
    {
        if (_lifecycle.RebuildSource is null)
        {
            TombstoneExpiry.DropExpired(_index.Current(), _index.Versions, _clock.GetUtcNow() - _options.TombstoneRetention, _options.TombstoneRetention, _logger);
        }

        _index.Commit();
        _uncommitted.Clear();
        _lastFailure = null;
    }

    private void CommitFailed(Exception exception)
    {
        _logger.LogError(exception, "Commit of the embedded index failed; rolling back to the last commit");
        _lastFailure = exception;
        RollBack(exception);
    }

    /// <summary>
    /// Every uncommitted write is lost: the callers still waiting for the next commit see the failure and retry.
    /// Called with the gate held.
    /// </summary>
    private void RollBack(Exception cause)
    {
        _commits.FailPending(new IOException("A write to the embedded index failed before this change was committed; it was rolled back.", cause));
        _uncommitted.Clear();
        _index.RollBack();
    }

    private void Validate(ReplaceDocument replace)
    {
        var offered = new EmbeddingModelInfo(replace.EmbeddingModelId, replace.Chunks.Count > 0 ? replace.Chunks[0].Vector.Length : Model.Dimension);
        if (offered.ModelId != Model.ModelId || replace.Chunks.Any(c => c.Vector.Length != Model.Dimension))
        {
            throw EmbeddingModelMismatchException.For(Model, offered);
        }
    }
}
