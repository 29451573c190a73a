using System.Globalization;
using System.Threading.Channels;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Directory = Lucene.Net.Store.Directory;
using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Reading;
using Ingestion.Index.Lucene.Lexical;
using Ingestion.Index.Lucene.Vectors;
using Ingestion.Core.Embeddings;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// The only writer of the embedded index. Writes are serialised so the version check and the block
/// replace are one step; commits are group commits: every write waits for the next commit after it,
/// so a caller acknowledges its message only once the change is durable.
/// </summary>
public sealed class LuceneChunkIndexWriter : IChunkIndexWriter, IAsyncDisposable
{
    private readonly EmbeddingModelInfo _model;
    private readonly IndexOptions _options;
    private readonly ILogger<LuceneChunkIndexWriter> _logger;
    private readonly LuceneIndexLayout _layout;
    private readonly Directory _directory;
    private readonly WriterLock _lock;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<bool> _commitRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task _commitLoop;
    private IndexWriter? _writer;
    private WriterVersionMap _versions;
    private TaskCompletionSource _nextCommit = NewCommitSignal();
    private Exception? _lastFailure;
    private volatile bool _disposing;

    public LuceneChunkIndexWriter(IOptions<IndexOptions> options, EmbeddingModelInfo model, ILogger<LuceneChunkIndexWriter> logger, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options.Value;
        _clock = clock;
        _model = model;
        _logger = logger;
        _layout = LuceneIndexLayout.Of(_options);
        // Before anything is chosen or written: the layout's files are this writer's alone too.
        _lock = WriterLock.Acquire(_layout.Root, _options.WriterLockTimeout);
        try
        {
            IndexName = ChooseIndex(clock.GetUtcNow());
            _directory = FSDirectory.Open(new DirectoryInfo(_layout.PathOf(IndexName)));
            (_writer, _versions) = Open();
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        if (RebuildSource is null && _layout.Current != IndexName)
        {
            // A new index becomes current only once its first commit (which records the model) exists.
            _layout.SetCurrent(IndexName);
        }

        foreach (var removed in _layout.DeleteUnused())
        {
            _logger.LogInformation("Removed the unused index {IndexName}", removed);
        }

        _commitLoop = Task.Run(CommitLoopAsync);
    }

    /// <summary>The index this writer writes: the current one, or while a re-index runs, the one being built.</summary>
    public string IndexName { get; }

    /// <summary>
    /// The current index when it holds another model's vectors: its documents must be re-embedded into
    /// <see cref="IndexName"/> (see <see cref="LuceneIndexRebuild"/>) before searches move to it. Null otherwise.
    /// </summary>
    public string? RebuildSource { get; private set; }

    /// <summary>
    /// Why the writer cannot make changes durable now: the last add or commit failed (a full disk, say) and no commit
    /// has succeeded since, or the commit loop has stopped. Null while it works.
    /// </summary>
    public string? Failure => _commitLoop.IsCompleted && !_disposing
        ? $"The commit loop has stopped: {_commitLoop.Exception?.GetBaseException().Message ?? "no reason"}"
        : _lastFailure?.Message;

    internal LuceneIndexLayout Layout => _layout;

    internal EmbeddingModelInfo Model => _model;

    public async Task<WriteOutcome> ApplyAsync(DocumentWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
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
            var writer = Writer();
            var known = _versions.TryGetValue(write.DocumentId, out var indexed);
            if (known && write.Version < indexed)
            {
                return WriteOutcome.Stale;
            }

            if (known && write.Version == indexed)
            {
                // The same version again: its first write may still wait for its commit, so this one
                // completes only with the next commit, which holds every write made before it.
                outcome = WriteOutcome.AlreadyApplied;
            }
            else
            {
                var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
                var block = write switch
                {
                    ReplaceDocument r => [LuceneSchema.Manifest(r.DocumentId, r.Version), .. r.Chunks.Select(c => LuceneSchema.Chunk(r, c))],
                    RemoveDocument d => new[] { LuceneSchema.Tombstone(d.DocumentId, d.Version, now) },
                    _ => throw new ArgumentException($"Unknown write {write.GetType().Name}.", nameof(write)),
                };

                try
                {
                    writer.UpdateDocuments(new Term(LuceneSchema.DocumentId, write.DocumentId), block);
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

                if (write is RemoveDocument)
                {
                    _versions.SetDeleted(write.DocumentId, write.Version, now);
                }
                else
                {
                    _versions.SetLive(write.DocumentId, write.Version);
                }
            }

            committed = _nextCommit.Task;
            _commitRequests.Writer.TryWrite(true);
        }
        finally
        {
            _gate.Release();
        }

        await committed.WaitAsync(cancellationToken);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        _commitRequests.Writer.TryComplete();
        await _commitLoop;
        _writer?.Dispose();
        _directory.Dispose();
        _gate.Dispose();
        _lock.Dispose();
    }

    public async Task<long?> IndexedVersionAsync(string documentId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Writer();
            return _versions.TryGetValue(documentId, out var version) ? version : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether this index already holds <paramref name="version"/> (or a newer one) of the document.</summary>
    internal async Task<bool> HoldsAsync(string documentId, long version, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Writer();
            return _versions.TryGetValue(documentId, out var indexed) && indexed >= version;
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
            var writer = Writer();
            writer.SetCommitData(LuceneSchema.CommitData(_model));
            writer.Commit();
            _layout.SetCurrent(IndexName);
            _layout.ClearNext();
            RebuildSource = null;
        }
        finally
        {
            _gate.Release();
        }

        foreach (var removed in _layout.DeleteUnused())
        {
            _logger.LogInformation("Removed the replaced index {IndexName}", removed);
        }
    }

    /// <summary>
    /// The index to write: the current one when it holds this model's vectors (or none yet exists: a new one), else the
    /// one a re-index is building for this model (resumed after a restart, or new).
    /// </summary>
    private string ChooseIndex(DateTimeOffset now)
    {
        var current = _layout.Current;
        if (current is null)
        {
            return _layout.Create(_model, now);
        }

        var recorded = _layout.ModelOf(current);
        if (recorded is null || recorded == _model)
        {
            if (_layout.Next is not null)
            {
                // A re-index to another model was abandoned (the model setting went back): forget it.
                _layout.ClearNext();
            }

            return current;
        }

        RebuildSource = current;
        if (_layout.Next is { } next && _layout.ModelOf(next) == _model)
        {
            _logger.LogInformation("Resuming the re-index of {Source} ({From}) into {Target} ({To})", current, recorded.ModelId, next, _model.ModelId);
            return next;
        }

        var target = _layout.Create(_model, now);
        _layout.SetNext(target);
        _logger.LogInformation("The index {Source} holds vectors of {From}; re-indexing it into {Target} for {To}", current, recorded.ModelId, target, _model.ModelId);
        return target;
    }

    private void Validate(ReplaceDocument replace)
    {
        var offered = new EmbeddingModelInfo(replace.EmbeddingModelId, replace.Chunks.Count > 0 ? replace.Chunks[0].Vector.Length : _model.Dimension);
        if (offered.ModelId != _model.ModelId || replace.Chunks.Any(c => c.Vector.Length != _model.Dimension))
        {
            throw EmbeddingModelMismatchException.For(_model, offered);
        }
    }

    private (IndexWriter Writer, WriterVersionMap Versions) Open()
    {
        var config = new IndexWriterConfig(LuceneSchema.Version, LuceneSchema.CreateAnalyzer())
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = LuceneSchema.CreateSimilarity(),
            MergeScheduler = new LoggingMergeScheduler(_logger),
        };
        var writer = new IndexWriter(_directory, config);

        try
        {
            var recorded = LuceneSchema.ModelOf(writer.CommitData);
            if (recorded is not null && recorded != _model)
            {
                throw EmbeddingModelMismatchException.For(recorded, _model);
            }

            if (recorded is null)
            {
                // Record the model with the very first commit, so readers can check it before any vector exists.
                writer.SetCommitData(LuceneSchema.CommitData(_model));
                writer.Commit();
            }

            return (writer, LoadVersions(writer));
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every document's version, from the manifests: their postings are walked segment by segment and only the stored
    /// fields needed are read, so a start costs memory by documents, not a score per chunk of the index.
    /// </summary>
    private WriterVersionMap LoadVersions(IndexWriter writer)
    {
        using var reader = DirectoryReader.Open(writer, applyAllDeletes: true);
        var versions = new WriterVersionMap();
        var manifest = new Term(LuceneSchema.Kind, LuceneSchema.ManifestKind);
        var fields = new HashSet<string>(StringComparer.Ordinal) { LuceneSchema.DocumentId, LuceneSchema.DocumentVersion, LuceneSchema.Deleted, LuceneSchema.DeletedAt };
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            var postings = segment.GetTermDocsEnum(manifest); // skips deleted documents
            for (var doc = postings?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS; doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings!.NextDoc())
            {
                var stored = segment.Document(doc, fields);
                var documentId = stored.Get(LuceneSchema.DocumentId, CultureInfo.InvariantCulture);
                var version = stored.GetField(LuceneSchema.DocumentVersion).GetInt64Value() ?? 0;
                if (stored.GetField(LuceneSchema.Deleted)?.GetInt32Value() == 1)
                {
                    // Tombstones written before deletes carried their time expire one retention after this start.
                    versions.SetDeleted(documentId, version, stored.GetField(LuceneSchema.DeletedAt)?.GetInt64Value() ?? now);
                }
                else
                {
                    versions.SetLive(documentId, version);
                }
            }
        }

        return versions;
    }

    private async Task CommitLoopAsync()
    {
        while (await _commitRequests.Reader.WaitToReadAsync())
        {
            _commitRequests.Reader.TryRead(out _);
            if (_options.CommitDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.CommitDelay);
            }

            await _gate.WaitAsync();
            var signal = _nextCommit;
            _nextCommit = NewCommitSignal();
            try
            {
                var writer = Writer();
                DropExpiredTombstones(writer);
                writer.SetCommitData(LuceneSchema.CommitData(_model));
                writer.Commit();
                _lastFailure = null;
                signal.TrySetResult();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogError(exception, "Commit of the embedded index failed; rolling back to the last commit");
                _lastFailure = exception;
                signal.TrySetException(exception);
                RollBack(exception);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// Tombstones past <see cref="IndexOptions.TombstoneRetention"/> leave with this commit: each is its document's whole
    /// block, so deleting by its id removes it alone. Called with the gate held; should the commit fail, the rollback
    /// restores them with the versions.
    /// </summary>
    private void DropExpiredTombstones(IndexWriter writer)
    {
        var cutoff = (_clock.GetUtcNow() - _options.TombstoneRetention).ToUnixTimeMilliseconds();
        var expired = _versions.RemoveTombstonesBefore(cutoff);
        foreach (var documentId in expired)
        {
            writer.DeleteDocuments(new Term(LuceneSchema.DocumentId, documentId));
        }

        if (expired.Count > 0)
        {
            _logger.LogInformation("Dropped {Count} tombstones older than {Retention}", expired.Count, _options.TombstoneRetention);
        }
    }

    /// <summary>The open Lucene writer; after a rollback whose reopening failed (the disk still full), opened again here.</summary>
    private IndexWriter Writer()
    {
        if (_writer is null)
        {
            (_writer, _versions) = Open();
        }

        return _writer;
    }

    /// <summary>
    /// Every uncommitted write is lost: the callers still waiting for the next commit see the failure and retry, and
    /// the versions are reloaded from the last durable commit so their retries are not seen as already applied.
    /// Called with the gate held.
    /// </summary>
    private void RollBack(Exception cause)
    {
        var pending = _nextCommit;
        _nextCommit = NewCommitSignal();
        pending.TrySetException(new IOException("A write to the embedded index failed before this change was committed; it was rolled back.", cause));
        if (_writer is { } writer)
        {
            _writer = null;
            try
            {
                writer.Rollback();
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException)
            {
                _logger.LogWarning(exception, "Rollback of the embedded index failed");
            }
        }

        try
        {
            (_writer, _versions) = Open();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Until the writer opens again, no write can be applied and none is acknowledged; the next write tries.
            _logger.LogError(exception, "Reopening the embedded index failed; the next write tries again");
        }
    }

    private static TaskCompletionSource NewCommitSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
