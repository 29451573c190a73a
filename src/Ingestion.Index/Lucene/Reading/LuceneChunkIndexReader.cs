using System.Globalization;
using Ingestion.Index.Lucene.Lexical;
using Ingestion.Index.Lucene.Vectors;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using Directory = Lucene.Net.Store.Directory;

namespace Ingestion.Index.Lucene.Reading;

/// <summary>
/// Reads the embedded index from any process. <see cref="Refresh"/> picks up new commits (a gateway
/// calls it on a timer); until the writer's first commit exists every search returns nothing.
/// </summary>
public sealed partial class LuceneChunkIndexReader : IChunkIndexReader, IDisposable
{
    /// <summary>Score of a title match relative to the chunk text when both match (as a dis_max tie breaker).</summary>
    private const float TieBreaker = 0.3f;

    private readonly LuceneIndexLayout _layout;
    private readonly Analyzer _analyzer = LuceneSchema.CreateAnalyzer();
    private readonly System.Threading.Lock _openLock = new();
    private readonly List<Directory> _replaced = [];
    private readonly DocumentBm25 _documentBm25;
    private OpenIndex? _open;

    public LuceneChunkIndexReader(IOptions<IndexOptions> options)
        : this(options, LuceneSearchStrategy.Default)
    {
    }

    /// <summary>A reader that searches otherwise than the store does, to compare with it (tests, the benchmark).</summary>
    internal LuceneChunkIndexReader(IOptions<IndexOptions> options, LuceneSearchStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(strategy);
        _layout = LuceneIndexLayout.Of(options.Value);
        DenseSearch = DenseSearchSettings.Of(options.Value, strategy.Dense) with { RescoreFromMap = strategy.RescoreFromMap };
        LexicalPruning = strategy.LexicalPruning;
        _documentBm25 = strategy.DocumentBm25;
        Refresh();
    }

    internal DenseSearchSettings DenseSearch { get; }

    internal bool LexicalPruning { get; }

    /// <summary>Callers' permission filters, each with its per-segment bit sets.</summary>
    internal ReaderFilterCache ReaderFilters { get; } = new();

    /// <summary>Callers' BM25 field statistics over what each may read, per segment.</summary>
    internal Lexical.ReadableFieldStatistics ReadableStatistics { get; } = new();

    /// <summary>
    /// Opens the current index if it appeared, moves to its newest commit, or, when a re-index made another index
    /// current, moves to that one (searches already under way finish on the old one).
    /// </summary>
    public void Refresh()
    {
        var current = _layout.Current;
        var open = _open;
        if (open is not null && open.Name == current)
        {
            try
            {
                open.Manager.MaybeRefresh();
                return;
            }
            catch (IOException) when (_layout.Current != current)
            {
                // A re-index switched and removed this index between reading the pointer and refreshing: move on to the new one.
                current = _layout.Current;
            }
        }

        if (current is null)
        {
            return;
        }

        lock (_openLock)
        {
            if (_open?.Name == current)
            {
                return;
            }

            var directory = FSDirectory.Open(new DirectoryInfo(_layout.PathOf(current)));
            if (!DirectoryReader.IndexExists(directory))
            {
                directory.Dispose();
                return;
            }

            var previous = _open;
            _open = new OpenIndex(current, directory, new SearcherManager(directory, new Bm25SearcherFactory(_documentBm25)));
            if (previous is not null)
            {
                // Its manager lets go of its reader now; searches still holding one finish, and the folder is closed at dispose.
                previous.Manager.Dispose();
                _replaced.Add(previous.Directory);
            }
        }
    }

    public IIndexSnapshot AcquireSnapshot() =>
        AcquireOpen() is var (open, searcher) ? new Snapshot(this, open.Name, open.Manager, searcher) : new EmptySnapshot();

    public Task<IndexState> DescribeAsync(CancellationToken cancellationToken)
    {
        IndexDescription? Describe(string? name)
        {
            if (name is null)
            {
                return null;
            }

            // The index searches read is described from the searcher already open: a call opens no reader of it.
            if (AcquireOpen() is var (open, searcher))
            {
                try
                {
                    if (open.Name == name)
                    {
                        return Count(name, searcher);
                    }
                }
                finally
                {
                    open.Manager.Release(searcher);
                }
            }

            // Another process writes this one (a re-index building it, or one just switched to): a commit of its can
            // remove files of the commit being opened, which the next try does not meet.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var directory = FSDirectory.Open(new DirectoryInfo(_layout.PathOf(name)));
                    if (!DirectoryReader.IndexExists(directory))
                    {
                        return new IndexDescription(name, null, 0);
                    }

                    using var reader = DirectoryReader.Open(directory);
                    return Count(name, new IndexSearcher(reader));
                }
                catch (IOException) when (attempt < 3)
                {
                }
            }
        }

        static IndexDescription Count(string name, IndexSearcher searcher)
        {
            var live = new TotalHitCountCollector();
            searcher.Search(new TermQuery(new Term(LuceneSchema.Kind, LuceneSchema.ManifestKind)), live);
            return new IndexDescription(name, LuceneSchema.ModelOf(((DirectoryReader)searcher.IndexReader).IndexCommit.UserData), live.TotalHits);
        }

        var next = _layout.Next;
        return Task.FromResult(new IndexState(Describe(_layout.Current), Describe(next), next is null ? null : _layout.Held));
    }

    public Task<SwitchHold?> ApproveHeldSwitchAsync(CancellationToken cancellationToken) => Task.FromResult(_layout.ApproveHeld());

    /// <summary>
    /// A snapshot of the index <paramref name="indexName"/> of the layout, whichever searches read (the switch gate
    /// compares the current index with the one a re-index built); it closes the index when disposed.
    /// </summary>
    public IIndexSnapshot OpenSnapshot(string indexName)
    {
        var directory = FSDirectory.Open(new DirectoryInfo(_layout.PathOf(indexName)));
        try
        {
            var manager = new SearcherManager(directory, new Bm25SearcherFactory(_documentBm25));
            return new Snapshot(this, indexName, manager, manager.Acquire(), new OpenIndex(indexName, directory, manager));
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _open?.Dispose();
        foreach (var replaced in _replaced)
        {
            replaced.Dispose();
        }

        _analyzer.Dispose();
    }

    /// <summary>
    /// The index searches read and a searcher of it, or null before there is one. A switch to another index lets go of
    /// the old one's searchers between reading <see cref="_open"/> and acquiring; the next try reads the new one.
    /// </summary>
    private (OpenIndex Index, IndexSearcher Searcher)? AcquireOpen()
    {
        while (Volatile.Read(ref _open) is { } open)
        {
            try
            {
                return (open, open.Manager.Acquire());
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(open, Volatile.Read(ref _open)))
            {
            }
        }

        return null;
    }

    /// <summary>The query's analysed terms with best_fields semantics (see <see cref="LexicalQuery"/>), or null when it has none.</summary>
    internal LexicalQuery? AnalyseLexical(string text, LexicalFields? fields = null)
    {
        var terms = new List<string>();
        using (var stream = _analyzer.GetTokenStream(LuceneSchema.Text, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                terms.Add(term.ToString());
            }

            stream.End();
        }

        return terms.Count == 0 ? null : new LexicalQuery(terms, fields == LexicalFields.Document ? _documentBm25.TieBreaker : TieBreaker, fields);
    }

    internal static ChunkHit ToHit(IndexSearcher searcher, int doc, float score)
    {
        var document = searcher.Doc(doc);
        return new ChunkHit(
            document.Get(LuceneSchema.ChunkId, CultureInfo.InvariantCulture),
            document.Get(LuceneSchema.DocumentId, CultureInfo.InvariantCulture),
            document.GetField(LuceneSchema.DocumentVersion).GetInt64Value() ?? 0,
            document.Get(LuceneSchema.Title, CultureInfo.InvariantCulture),
            document.Get(LuceneSchema.Text, CultureInfo.InvariantCulture),
            document.GetField(LuceneSchema.Ordinal).GetInt32Value() ?? 0,
            document.GetField(LuceneSchema.StartOffset).GetInt32Value() ?? 0,
            document.GetField(LuceneSchema.EndOffset).GetInt32Value() ?? 0,
            score,
            document.GetField(LuceneSchema.Page)?.GetInt32Value(),
            document.Get(LuceneSchema.Context, CultureInfo.InvariantCulture));
    }

    /// <summary>One opened index folder. Disposing it releases the manager's own reader; acquired snapshots keep theirs until released.</summary>
    private sealed class OpenIndex(string name, Directory directory, SearcherManager manager) : IDisposable
    {
        public string Name => name;

        public SearcherManager Manager => manager;

        public Directory Directory => directory;

        public void Dispose()
        {
            manager.Dispose();
            directory.Dispose();
        }
    }

    private sealed class Bm25SearcherFactory(DocumentBm25 document) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = LuceneSchema.CreateSimilarity(document) };
    }
}
