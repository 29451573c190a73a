using System.Globalization;
using System.Threading.Channels;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Directory = Lucene.Net.Store.Directory;

namespace Ingestion.Core.Indexing.Lucene;

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
    private readonly Directory _directory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<bool> _commitRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _commitLoop;
    private IndexWriter _writer;
    private Dictionary<string, long> _versions;
    private TaskCompletionSource _nextCommit = NewCommitSignal();

    public LuceneChunkIndexWriter(IOptions<IndexOptions> options, EmbeddingModelInfo model, ILogger<LuceneChunkIndexWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _model = model;
        _logger = logger;
        _directory = FSDirectory.Open(new DirectoryInfo(LuceneIndexPath.Of(_options)));
        (_writer, _versions) = Open();
        _commitLoop = Task.Run(CommitLoopAsync);
    }

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
                var block = write switch
                {
                    ReplaceDocument r => [LuceneSchema.Manifest(r.DocumentId, r.Version, deleted: false), .. r.Chunks.Select(c => LuceneSchema.Chunk(r, c))],
                    RemoveDocument d => new[] { LuceneSchema.Manifest(d.DocumentId, d.Version, deleted: true) },
                    _ => throw new ArgumentException($"Unknown write {write.GetType().Name}.", nameof(write)),
                };

                _writer.UpdateDocuments(new Term(LuceneSchema.DocumentId, write.DocumentId), block);
                _versions[write.DocumentId] = write.Version;
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
        _commitRequests.Writer.TryComplete();
        await _commitLoop;
        await _stopping.CancelAsync();
        _writer.Dispose();
        _directory.Dispose();
        _gate.Dispose();
        _stopping.Dispose();
    }

    private void Validate(ReplaceDocument replace)
    {
        var offered = new EmbeddingModelInfo(replace.EmbeddingModelId, replace.Chunks.Count > 0 ? replace.Chunks[0].Vector.Length : _model.Dimension);
        if (offered.ModelId != _model.ModelId || replace.Chunks.Any(c => c.Vector.Length != _model.Dimension))
        {
            throw EmbeddingModelMismatchException.For(_model, offered);
        }
    }

    private (IndexWriter Writer, Dictionary<string, long> Versions) Open()
    {
        var config = new IndexWriterConfig(LuceneSchema.Version, LuceneSchema.CreateAnalyzer())
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = LuceneSchema.CreateSimilarity(),
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

    private static Dictionary<string, long> LoadVersions(IndexWriter writer)
    {
        using var reader = DirectoryReader.Open(writer, applyAllDeletes: true);
        var searcher = new IndexSearcher(reader);
        var manifests = searcher.Search(new TermQuery(new Term(LuceneSchema.Kind, LuceneSchema.ManifestKind)), Math.Max(1, reader.MaxDoc));
        var versions = new Dictionary<string, long>(manifests.ScoreDocs.Length, StringComparer.Ordinal);
        foreach (var hit in manifests.ScoreDocs)
        {
            var document = searcher.Doc(hit.Doc);
            versions[document.Get(LuceneSchema.DocumentId, CultureInfo.InvariantCulture)] = document.GetField(LuceneSchema.DocumentVersion).GetInt64Value() ?? 0;
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
                _writer.SetCommitData(LuceneSchema.CommitData(_model));
                _writer.Commit();
                signal.SetResult();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // The uncommitted writes are lost with the rollback: their callers see the failure and retry,
                // and the versions are reloaded from the last durable commit so the retries are not seen as stale.
                _logger.LogError(exception, "Commit of the embedded index failed; rolling back to the last commit");
                signal.SetException(exception);
                Reopen();
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private void Reopen()
    {
        try
        {
            _writer.Rollback();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            _logger.LogWarning(exception, "Rollback of the embedded index failed");
        }

        (_writer, _versions) = Open();
    }

    private static TaskCompletionSource NewCommitSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
