using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ingestion.Index.Tests.Lucene.Writing;

/// <summary>
/// A delete leaves a tombstone (a manifest with the deleted version) so a late older write cannot bring the document
/// back; kept forever, tombstones would grow the index and the writer's version map with every document ever deleted.
/// </summary>
public sealed class LuceneTombstoneTests : IAsyncLifetime
{
    private static readonly EmbeddingModelInfo Model = new("test-model", 4);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private static readonly float[] Vector = [0.5f, 0.5f, 0.5f, 0.5f];
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "ingestion-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private LuceneChunkIndexWriter _writer = null!;

    private IOptions<IndexOptions> Options => Microsoft.Extensions.Options.Options.Create(new IndexOptions { DataPath = _dataPath, CommitDelay = TimeSpan.Zero, TombstoneRetention = Retention });

    public Task InitializeAsync()
    {
        _writer = NewWriter();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _writer.DisposeAsync();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public async Task WithinTheRetentionATombstoneStillRefusesALateOlderWriteAlsoAfterARestart()
    {
        await Write("doc", 1);
        await _writer.ApplyAsync(new RemoveDocument("doc", 2), default);
        _clock.Advance(Retention - TimeSpan.FromMinutes(1));
        await Write("other", 1); // a commit, which is when expired tombstones go
        await Restart();

        Assert.Equal(WriteOutcome.Stale, await Write("doc", 1));
        Assert.Equal(2L, await _writer.IndexedVersionAsync("doc", default));
    }

    [Fact]
    public async Task ATombstoneOlderThanTheRetentionLeavesTheVersionMapAndTheIndexWithTheNextCommit()
    {
        await Write("doc", 1);
        await _writer.ApplyAsync(new RemoveDocument("doc", 2), default);
        _clock.Advance(Retention + TimeSpan.FromMinutes(1));

        await Write("other", 1);

        Assert.Null(await _writer.IndexedVersionAsync("doc", default));
        await Restart();
        Assert.Null(await _writer.IndexedVersionAsync("doc", default));
        Assert.Equal(0, ManifestsOf("doc"));
        Assert.Equal(1L, await _writer.IndexedVersionAsync("other", default));
    }

    [Fact]
    public async Task ADocumentWrittenAgainAfterItsDeleteKeepsItsNewVersionWhenTheOldTombstoneWouldHaveExpired()
    {
        await _writer.ApplyAsync(new RemoveDocument("doc", 2), default);
        await Write("doc", 3);
        _clock.Advance(Retention + TimeSpan.FromMinutes(1));

        await Write("other", 1);

        Assert.Equal(3L, await _writer.IndexedVersionAsync("doc", default));
        Assert.Equal(1, ManifestsOf("doc"));
    }

    [Fact]
    public async Task ATombstoneFromBeforeARestartExpiresByTheTimeOfItsDelete()
    {
        await _writer.ApplyAsync(new RemoveDocument("early", 1), default);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await _writer.ApplyAsync(new RemoveDocument("late", 1), default);
        await Restart();
        _clock.Advance(TimeSpan.FromMinutes(45));

        await Write("other", 1);

        Assert.Null(await _writer.IndexedVersionAsync("early", default));
        Assert.Equal(1L, await _writer.IndexedVersionAsync("late", default));
    }

    private LuceneChunkIndexWriter NewWriter() => LuceneChunkIndexWriter.Open(Options, Model, NullLogger<LuceneChunkIndexWriter>.Instance, _clock);

    private async Task Restart()
    {
        await _writer.DisposeAsync();
        _writer = NewWriter();
    }

    /// <summary>Live manifests of a document in the committed index, read as a searcher in another process would.</summary>
    private int ManifestsOf(string documentId)
    {
        var layout = LuceneIndexLayout.Of(Options.Value);
        using var directory = global::Lucene.Net.Store.FSDirectory.Open(new DirectoryInfo(layout.PathOf(layout.Current!)));
        using var reader = global::Lucene.Net.Index.DirectoryReader.Open(directory);
        var searcher = new global::Lucene.Net.Search.IndexSearcher(reader);
        var query = new global::Lucene.Net.Search.BooleanQuery
        {
            { new global::Lucene.Net.Search.TermQuery(new global::Lucene.Net.Index.Term(LuceneSchema.DocumentId, documentId)), global::Lucene.Net.Search.Occur.MUST },
            { new global::Lucene.Net.Search.TermQuery(new global::Lucene.Net.Index.Term(LuceneSchema.Kind, LuceneSchema.ManifestKind)), global::Lucene.Net.Search.Occur.MUST },
        };
        return searcher.Search(query, 10).TotalHits;
    }

    private Task<WriteOutcome> Write(string id, long version)
    {
        IndexedChunk[] chunks = [new($"{id}@{version}#0", 0, "Herons wade.", 0, 12, Vector)];
        return _writer.ApplyAsync(new ReplaceDocument(id, version, "Title", "text/plain", [], Model.ModelId, chunks), default);
    }
}
