using System.Globalization;
using System.Numerics.Tensors;
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
public sealed class LuceneChunkSearcher : IChunkSearcher, IDisposable
{
    /// <summary>Score of a title match relative to the chunk text when both match (as a dis_max tie breaker).</summary>
    private const float TieBreaker = 0.3f;

    private readonly EmbeddingModelInfo _model;
    private readonly Directory _directory;
    private readonly Analyzer _analyzer = LuceneSchema.CreateAnalyzer();
    private readonly System.Threading.Lock _openLock = new();
    private SearcherManager? _manager;

    public LuceneChunkSearcher(IOptions<IndexOptions> options, EmbeddingModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        var path = LuceneIndexPath.Of(options.Value);
        System.IO.Directory.CreateDirectory(path);
        _directory = FSDirectory.Open(new DirectoryInfo(path));
        Refresh();
    }

    /// <summary>True once an index exists and is open.</summary>
    public bool IsOpen => _manager is not null;

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

    public Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Task.FromResult(WithSearcher(searcher =>
        {
            var lexical = BuildLexicalQuery(query);
            if (lexical is null)
            {
                return [];
            }

            var top = searcher.Search(lexical, count);
            return top.ScoreDocs.Select(hit => ToHit(searcher, hit.Doc, hit.Score)).ToList();
        }));
    }

    public Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, CancellationToken cancellationToken)
    {
        if (queryVector.Length != _model.Dimension)
        {
            throw new ArgumentException($"The query vector has {queryVector.Length} dimensions; the index holds {_model.Dimension}.", nameof(queryVector));
        }

        return Task.FromResult(WithSearcher(searcher =>
        {
            var recorded = LuceneSchema.ModelOf(((DirectoryReader)searcher.IndexReader).IndexCommit.UserData);
            if (recorded is not null && recorded != _model)
            {
                throw EmbeddingModelMismatchException.For(recorded, _model);
            }

            // A min-heap of the best `count` so far: the root is the weakest kept hit.
            var best = new PriorityQueue<int, float>(count + 1);
            var query = queryVector.Span;
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var reader = leaf.AtomicReader;
                var vectors = SegmentVectors.For(reader, _model.Dimension);
                var live = reader.LiveDocs;
                for (var doc = 0; doc < reader.MaxDoc; doc++)
                {
                    if (!vectors.Present[doc] || (live is not null && !live.Get(doc)))
                    {
                        continue;
                    }

                    var score = TensorPrimitives.Dot(query, vectors.Row(doc));
                    if (best.Count < count)
                    {
                        best.Enqueue(leaf.DocBase + doc, score);
                    }
                    else if (best.TryPeek(out _, out var weakest) && score > weakest)
                    {
                        best.EnqueueDequeue(leaf.DocBase + doc, score);
                    }
                }
            }

            var hits = new List<ChunkHit>(best.Count);
            while (best.TryDequeue(out var doc, out var score))
            {
                hits.Add(ToHit(searcher, doc, score));
            }

            hits.Reverse();
            return hits;
        }));
    }

    public void Dispose()
    {
        _manager?.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    private IReadOnlyList<ChunkHit> WithSearcher(Func<IndexSearcher, IReadOnlyList<ChunkHit>> search)
    {
        var manager = _manager;
        if (manager is null)
        {
            return [];
        }

        var searcher = manager.Acquire();
        try
        {
            return search(searcher);
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    /// <summary>
    /// best_fields semantics: the better of the title match and the text match, plus a share of the other.
    /// Built from analysed terms rather than query syntax, so no user input can be a syntax error.
    /// </summary>
    private DisjunctionMaxQuery? BuildLexicalQuery(string text)
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

    private static ChunkHit ToHit(IndexSearcher searcher, int doc, float score)
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
            score);
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = LuceneSchema.CreateSimilarity() };
    }
}
