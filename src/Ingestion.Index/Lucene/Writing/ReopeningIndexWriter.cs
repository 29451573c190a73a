using System.Globalization;
using Ingestion.Core.Embeddings;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Directory = Lucene.Net.Store.Directory;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Lucene's writer of one index with the version of every document it holds, rolled back to the last commit when a
/// write or commit fails and opened again (now, or by the next write when the disk is still full). Not thread-safe:
/// the owner calls it under its gate.
/// </summary>
internal sealed class ReopeningIndexWriter : IDisposable
{
    private readonly Directory _directory;
    private readonly EmbeddingModelInfo _model;
    private readonly ILogger _logger;
    private IndexWriter? _writer;

    public ReopeningIndexWriter(string path, EmbeddingModelInfo model, ILogger logger)
    {
        _model = model;
        _logger = logger;
        _directory = FSDirectory.Open(new DirectoryInfo(path));
        try
        {
            (_writer, Versions) = Open();
        }
        catch
        {
            _directory.Dispose();
            throw;
        }
    }

    /// <summary>Every document's version as this writer has it: what was committed, and what was written since.</summary>
    public WriterVersionMap Versions { get; private set; }

    /// <summary>The open Lucene writer; after a rollback whose reopening failed (the disk still full), opened again here.</summary>
    public IndexWriter Current()
    {
        if (_writer is null)
        {
            (_writer, Versions) = Open();
        }

        return _writer;
    }

    /// <summary>Commits what was written, with the model recorded in the commit.</summary>
    public void Commit()
    {
        var writer = Current();
        writer.SetCommitData(LuceneSchema.CommitData(_model));
        writer.Commit();
    }

    /// <summary>
    /// Every uncommitted write is lost: the versions are reloaded from the last durable commit, so the retries of the
    /// writes lost are not seen as already applied.
    /// </summary>
    public void RollBack()
    {
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
            (_writer, Versions) = Open();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Until the writer opens again, no write can be applied and none is acknowledged; the next write tries.
            _logger.LogError(exception, "Reopening the embedded index failed; the next write tries again");
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _directory.Dispose();
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
    private static WriterVersionMap LoadVersions(IndexWriter writer)
    {
        using var reader = DirectoryReader.Open(writer, applyAllDeletes: true);
        var versions = new WriterVersionMap();
        var manifest = new Term(LuceneSchema.Kind, LuceneSchema.ManifestKind);
        var fields = new HashSet<string>(StringComparer.Ordinal) { LuceneSchema.DocumentId, LuceneSchema.DocumentVersion, LuceneSchema.Deleted, LuceneSchema.DeletedAt, LuceneSchema.ChangeHash };
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            var postings = segment.GetTermDocsEnum(manifest); // skips deleted documents
            for (var doc = postings?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS; doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings!.NextDoc())
            {
                var stored = segment.Document(doc, fields);
                var documentId = stored.Get(LuceneSchema.DocumentId, CultureInfo.InvariantCulture);
                var version = stored.GetField(LuceneSchema.DocumentVersion).GetInt64Value() ?? 0;
                if (stored.GetField(LuceneSchema.Deleted).GetInt32Value() == 1)
                {
                    versions.SetDeleted(documentId, version, stored.GetField(LuceneSchema.DeletedAt).GetInt64Value() ?? 0);
                }
                else
                {
                    versions.SetLive(documentId, version, SameVersion.Fingerprint(stored.Get(LuceneSchema.ChangeHash, CultureInfo.InvariantCulture)));
                }
            }
        }

        return versions;
    }
}
