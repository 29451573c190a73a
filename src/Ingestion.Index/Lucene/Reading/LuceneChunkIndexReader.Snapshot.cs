using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Lexical;
using Ingestion.Index.Lucene.Vectors;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Ingestion.Index.Lucene.Reading;

public sealed partial class LuceneChunkIndexReader
{
    /// <summary>One acquired searcher, released on dispose; both legs read the same commit.</summary>
    /// <param name="owner">The reader, whose analyser, filters and dense settings it searches with.</param>
    /// <param name="indexName">The index it reads.</param>
    /// <param name="manager">Where its searcher is released to.</param>
    /// <param name="searcher">The commit it reads.</param>
    /// <param name="opened">An index opened for this snapshot alone, closed with it; null for the one searches read.</param>
    private sealed class Snapshot(LuceneChunkIndexReader owner, string indexName, SearcherManager manager, IndexSearcher searcher, OpenIndex? opened = null) : IIndexSnapshot
    {
        private static readonly HashSet<string> ManifestFields = new(StringComparer.Ordinal) { LuceneSchema.ChangeHash, LuceneSchema.Reader };
        private static readonly HashSet<string> OffsetFields = new(StringComparer.Ordinal) { LuceneSchema.Ordinal, LuceneSchema.StartOffset, LuceneSchema.EndOffset };

        private int _released;

        /// <summary>
        /// The document of every chunk this snapshot ranked (both legs, concurrently): completing a kept hit reads it
        /// by its document, not by a search for its id.
        /// </summary>
        private System.Collections.Concurrent.ConcurrentDictionary<string, int>? _ranked;

        /// <summary>The reader's version within its index, mixed with the index's name: a re-indexed (or rebuilt) index starts its versions again.</summary>
        public long Generation => BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{indexName}:{Reader.Version}")), 0) & long.MaxValue;

        public EmbeddingModelInfo? Model => LuceneSchema.ModelOf(Reader.IndexCommit.UserData);

        private DirectoryReader Reader => (DirectoryReader)searcher.IndexReader;

        public Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ChunkHit>>([.. Lexical(query, count, filter).Select(hit => ToHit(searcher, hit.Doc, hit.Score))]);

        public Task<IReadOnlyList<ChunkHit>> RankLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken)
        {
            var keys = new LuceneHitKeys(searcher);
            return Task.FromResult<IReadOnlyList<ChunkHit>>([.. Lexical(query, count, filter).Select(hit => Ranked(keys.KeyOf(hit.Doc, hit.Score), hit.Doc))]);
        }

        public Task<IReadOnlyList<ChunkHit>> RankDocumentsLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken)
        {
            var keys = new LuceneHitKeys(searcher);
            return Task.FromResult<IReadOnlyList<ChunkHit>>([.. Lexical(query, count, filter, LexicalFields.Document).Select(hit => Ranked(keys.KeyOf(hit.Doc, hit.Score), hit.Doc))]);
        }

        private ChunkHit Ranked(ChunkHit key, int doc)
        {
            LazyInitializer.EnsureInitialized(ref _ranked, () => new(StringComparer.Ordinal))[key.ChunkId] = doc;
            return key;
        }

        public Task<IReadOnlyList<ChunkHit>> CompleteAsync(IReadOnlyList<ChunkHit> ranked, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(ranked);
            var whole = new List<ChunkHit>(ranked.Count);
            foreach (var hit in ranked)
            {
                if (_ranked is { } documents && documents.TryGetValue(hit.ChunkId, out var doc))
                {
                    whole.Add(ToHit(searcher, doc, hit.Score));
                    continue;
                }

                // Ranked elsewhere: chunk ids are unique among live chunks (they carry the version), and the term is indexed.
                var found = searcher.Search(new TermQuery(new Term(LuceneSchema.ChunkId, hit.ChunkId)), 1);
                if (found.TotalHits == 0)
                {
                    throw new InvalidOperationException($"The chunk {hit.ChunkId} is not in this snapshot; it was not ranked by it.");
                }

                whole.Add(ToHit(searcher, found.ScoreDocs[0].Doc, hit.Score));
            }

            return Task.FromResult<IReadOnlyList<ChunkHit>>(whole);
        }

        private ScoreDoc[] Lexical(string query, int count, SearchFilter filter, LexicalFields? fields = null)
        {
            ArgumentNullException.ThrowIfNull(query);
            if (owner.AnalyseLexical(query, fields) is not { } lexical)
            {
                return [];
            }

            // The filter restricts which chunks are scored, so the top `count` are the best matching ones; MaxScore skips
            // what cannot reach them, filtered or not, and ranks the same scores as Lucene's own search. A caller of
            // reader terms is scored with statistics of what it may read: the whole index's would tell it, through its
            // own documents' scores, how common a word is in documents it may not read.
            var restriction = LuceneFilters.For(filter, owner.ReaderFilters);
            var scoring = filter.Readers is { Count: > 0 } readers
                ? ReadableStatisticsSearcher.Of(searcher, owner.ReaderFilters.For(readers), owner.ReadableStatistics)
                : searcher;
            if (owner.LexicalPruning)
            {
                return MaxScoreLexicalSearch.Search(scoring, lexical, count, restriction);
            }

            return restriction is null ? scoring.Search(lexical.ToLuceneQuery(), count).ScoreDocs : scoring.Search(lexical.ToLuceneQuery(), restriction, count).ScoreDocs;
        }

        public Task<IReadOnlyDictionary<string, IndexedVersion>> IndexedVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(documentIds);
            var versions = new Dictionary<string, IndexedVersion>(StringComparer.Ordinal);
            foreach (var documentId in documentIds)
            {
                if (IndexedVersion(documentId) is { } version)
                {
                    versions[documentId] = version;
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, IndexedVersion>>(versions);
        }

        /// <summary>The document's live manifest, found through its id's postings (a block of a few documents) and read from doc values and its stored change hash and readers.</summary>
        private IndexedVersion? IndexedVersion(string documentId)
        {
            var id = new Term(LuceneSchema.DocumentId, documentId);
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var segment = leaf.AtomicReader;
                var states = segment.GetNumericDocValues(LuceneSchema.ManifestValues);
                var versions = segment.GetNumericDocValues(LuceneSchema.VersionValues);
                if (states is null || versions is null)
                {
                    continue; // no manifest in this segment
                }

                var postings = segment.GetTermDocsEnum(id); // live documents only
                for (var doc = postings?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS; doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings!.NextDoc())
                {
                    var state = states.Get(doc);
                    if (state != 0)
                    {
                        var stored = segment.Document(doc, ManifestFields);
                        return new IndexedVersion(versions.Get(doc), state == LuceneSchema.DeletedManifest, stored.Get(LuceneSchema.ChangeHash, System.Globalization.CultureInfo.InvariantCulture))
                        {
                            Readers = stored.GetValues(LuceneSchema.Reader, System.Globalization.CultureInfo.InvariantCulture),
                        };
                    }
                }
            }

            return null;
        }

        public Task<IReadOnlyList<ChunkHit>> AllChunksAsync(CancellationToken cancellationToken)
        {
            var chunks = new List<ChunkHit>();
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var live = leaf.AtomicReader.LiveDocs;
                for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
                {
                    if ((live is null || live.Get(doc))
                        && leaf.AtomicReader.Document(doc).Get(LuceneSchema.Kind, System.Globalization.CultureInfo.InvariantCulture) == LuceneSchema.ChunkKind)
                    {
                        chunks.Add(ToHit(searcher, leaf.DocBase + doc, 0));
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<ChunkHit>>(chunks);
        }

        public Task<IReadOnlyList<ChunkHit>> DocumentChunksAsync(string documentId, SearchFilter filter, int fromOffset, int toOffset, int limit, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(documentId);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
            // Only one version of a document is live (a new one replaces the old in one commit), so its id finds that one.
            var chunks = new BooleanQuery
            {
                { new TermQuery(new Term(LuceneSchema.Kind, LuceneSchema.ChunkKind)), Occur.MUST },
                { new TermQuery(new Term(LuceneSchema.DocumentId, documentId)), Occur.MUST },
            };
            var all = new DocumentCollector();
            searcher.Search(chunks, LuceneFilters.For(filter, owner.ReaderFilters), all);
            // Offsets are stored, not indexed: each chunk's three numbers are read first, and only the overlapping ones whole.
            var overlapping = all.Documents
                .Select(doc => (Doc: doc, Fields: searcher.Doc(doc, OffsetFields)))
                .Select(d => (d.Doc, Ordinal: d.Fields.GetField(LuceneSchema.Ordinal).GetInt32Value() ?? 0, Start: d.Fields.GetField(LuceneSchema.StartOffset).GetInt32Value() ?? 0, End: d.Fields.GetField(LuceneSchema.EndOffset).GetInt32Value() ?? 0))
                .Where(d => d.End > fromOffset && d.Start < toOffset)
                .OrderBy(d => d.Ordinal)
                .Take(limit);
            return Task.FromResult<IReadOnlyList<ChunkHit>>([.. overlapping.Select(d => ToHit(searcher, d.Doc, 0))]);
        }

        public Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ChunkHit>>([.. Dense(queryVector, count, filter).Select(hit => ToHit(searcher, hit.Doc, hit.Score))]);

        public Task<IReadOnlyList<ChunkHit>> RankDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken)
        {
            var keys = new LuceneHitKeys(searcher);
            return Task.FromResult<IReadOnlyList<ChunkHit>>([.. Dense(queryVector, count, filter).Select(hit => Ranked(keys.KeyOf(hit.Doc, hit.Score), hit.Doc))]);
        }

        private IEnumerable<(int Doc, float Score)> Dense(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter)
        {
            if (Model is { } recorded && queryVector.Length != recorded.Dimension)
            {
                throw new ArgumentException($"The query vector has {queryVector.Length} dimensions; the index holds {recorded.Dimension} ({recorded.ModelId}).", nameof(queryVector));
            }

            return LuceneDenseSearch.Search(searcher, queryVector.ToArray(), count, LuceneFilters.For(filter, owner.ReaderFilters), owner.DenseSearch).Select(hit => (hit.Doc, hit.Score));
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                manager.Release(searcher);
                opened?.Dispose();
            }
        }
    }

    /// <summary>Before the writer's first commit there is nothing to find.</summary>
    private sealed class EmptySnapshot : IIndexSnapshot
    {
        public Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public Task<IReadOnlyList<ChunkHit>> AllChunksAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public Task<IReadOnlyList<ChunkHit>> DocumentChunksAsync(string documentId, SearchFilter filter, int fromOffset, int toOffset, int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public Task<IReadOnlyDictionary<string, IndexedVersion>> IndexedVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, IndexedVersion>>(new Dictionary<string, IndexedVersion>());

        public long Generation => 0;

        public EmbeddingModelInfo? Model => null;

        public void Dispose()
        {
        }
    }
}
