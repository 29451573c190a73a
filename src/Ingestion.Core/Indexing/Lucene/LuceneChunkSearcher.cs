using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using Directory = Lucene.Net.Store.Directory;

namespace Ingestion.Core.Indexing.Lucene;

/// <summary>
/// Reads the embedded index from any process. <see cref="Refresh"/> picks up new commits (a gateway
/// calls it on a timer); until the writer's first commit exists every search returns nothing.
/// </summary>
public sealed partial class LuceneChunkSearcher : IChunkSearcher, IDisposable
{
    /// <summary>Score of a title match relative to the chunk text when both match (as a dis_max tie breaker).</summary>
    private const float TieBreaker = 0.3f;

    private readonly Directory _directory;
    private readonly Analyzer _analyzer = LuceneSchema.CreateAnalyzer();
    private readonly System.Threading.Lock _openLock = new();
    private SearcherManager? _manager;

    public LuceneChunkSearcher(IOptions<IndexOptions> options, EmbeddingModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(options);
        Model = model;
        var path = LuceneIndexPath.Of(options.Value);
        System.IO.Directory.CreateDirectory(path);
        _directory = FSDirectory.Open(new DirectoryInfo(path));
        Refresh();
    }

    /// <summary>The model whose vectors the dense leg expects.</summary>
    internal EmbeddingModelInfo Model { get; }

    /// <summary>Opens the index if it appeared, or moves to its newest commit.</summary>
    public void Refresh()
    {
        if (_manager is null)
        {
            lock (_openLock)
            {
                if (_manager is null && DirectoryReader.IndexExists(_directory))
                {
                    _manager = new SearcherManager(_directory, new Bm25SearcherFactory());
                }
            }

            return;
        }

        _manager.MaybeRefresh();
    }

    public IIndexSnapshot AcquireSnapshot()
    {
        var manager = _manager;
        return manager is null ? new EmptySnapshot() : new Snapshot(this, manager, manager.Acquire());
    }

    public void Dispose()
    {
        _manager?.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    /// <summary>
    /// best_fields semantics: the better of the title match and the text match, plus a share of the other.
    /// Built from analysed terms rather than query syntax, so no user input can be a syntax error.
    /// </summary>
    internal DisjunctionMaxQuery? BuildLexicalQuery(string text)
    {
        var titleQuery = new BooleanQuery();
        var textQuery = new BooleanQuery();
        using (var stream = _analyzer.GetTokenStream(LuceneSchema.Text, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var value = term.ToString();
                titleQuery.Add(new TermQuery(new Term(LuceneSchema.Title, value)), Occur.SHOULD);
                textQuery.Add(new TermQuery(new Term(LuceneSchema.Text, value)), Occur.SHOULD);
            }

            stream.End();
        }

        if (textQuery.Clauses.Count == 0)
        {
            return null;
        }

        return new DisjunctionMaxQuery(TieBreaker) { titleQuery, textQuery };
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
            document.GetField(LuceneSchema.Page)?.GetInt32Value());
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = LuceneSchema.CreateSimilarity() };
    }
}
