using System.Numerics.Tensors;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Ingestion.Core.Indexing.Lucene;

public sealed partial class LuceneChunkSearcher
{
    /// <summary>One acquired searcher, released on dispose; both legs read the same commit.</summary>
    private sealed class Snapshot(LuceneChunkSearcher owner, SearcherManager manager, IndexSearcher searcher) : IIndexSnapshot
    {
        private int _released;

        public Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(query);
            var lexical = owner.BuildLexicalQuery(query);
            if (lexical is null)
            {
                return Task.FromResult<IReadOnlyList<ChunkHit>>([]);
            }

            var top = searcher.Search(lexical, count);
            return Task.FromResult<IReadOnlyList<ChunkHit>>(top.ScoreDocs.Select(hit => ToHit(searcher, hit.Doc, hit.Score)).ToList());
        }

        public long? IndexedVersion(string documentId)
        {
            var manifest = new BooleanQuery
            {
                { new TermQuery(new Term(LuceneSchema.DocumentId, documentId)), Occur.MUST },
                { new TermQuery(new Term(LuceneSchema.Kind, LuceneSchema.ManifestKind)), Occur.MUST },
            };
            var top = searcher.Search(manifest, 1);
            return top.TotalHits == 0 ? null : searcher.Doc(top.ScoreDocs[0].Doc).GetField(LuceneSchema.DocumentVersion).GetInt64Value();
        }

        public IReadOnlyList<ChunkHit> AllChunks()
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

            return chunks;
        }

        public Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, CancellationToken cancellationToken)
        {
            var model = owner.Model;
            if (queryVector.Length != model.Dimension)
            {
                throw new ArgumentException($"The query vector has {queryVector.Length} dimensions; the index holds {model.Dimension}.", nameof(queryVector));
            }

            var recorded = LuceneSchema.ModelOf(((DirectoryReader)searcher.IndexReader).IndexCommit.UserData);
            if (recorded is not null && recorded != model)
            {
                throw EmbeddingModelMismatchException.For(recorded, model);
            }

            // A min-heap of the best `count` so far: the root is the weakest kept hit.
            var best = new PriorityQueue<int, float>(count + 1);
            var query = queryVector.Span;
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var reader = leaf.AtomicReader;
                var vectors = SegmentVectors.For(reader, model.Dimension);
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
            return Task.FromResult<IReadOnlyList<ChunkHit>>(hits);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                manager.Release(searcher);
            }
        }
    }

    /// <summary>Before the writer's first commit there is nothing to find.</summary>
    private sealed class EmptySnapshot : IIndexSnapshot
    {
        public Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ChunkHit>>([]);

        public IReadOnlyList<ChunkHit> AllChunks() => [];

        public long? IndexedVersion(string documentId) => null;

        public void Dispose()
        {
        }
    }
}
