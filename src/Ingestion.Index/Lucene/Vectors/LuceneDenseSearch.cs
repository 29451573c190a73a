using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// The embedded store's dense leg over one point-in-time searcher. <see cref="DenseSearchMode.Exact"/> scores every
/// admitted chunk's float32 vector; <see cref="DenseSearchMode.Quantized"/> scores their int8 copies (a quarter of the
/// memory and of the bytes scanned) and rescores the best <c>Index:DenseRescoreCandidates</c> exactly from Lucene's
/// doc values; <see cref="DenseSearchMode.Binary"/> first compares 1-bit codes (an eighth of the int8 bytes) and scores
/// only the <c>Index:DenseCandidates</c> nearest by Hamming distance on their int8 copies before that exact rescoring.
/// The scores returned are exact dot products in every mode; only the choice of candidates is approximate. A filter
/// restricts what is scanned, so k hits come back whenever k matching chunks exist.
/// </summary>
internal static class LuceneDenseSearch
{
    public static List<(int Doc, float Score)> Search(IndexSearcher searcher, float[] query, int count, Filter? restriction, DenseSearchSettings settings)
    {
        var dimension = query.Length;
        if (settings.Mode == DenseSearchMode.Exact)
        {
            return Scan(searcher, restriction, count, reader =>
            {
                var vectors = SegmentVectors.For(reader, dimension);
                return doc => vectors.Present[doc] ? TensorPrimitives.Dot(query, vectors.Row(doc)) : null;
            });
        }

        var quantized = new sbyte[dimension];
        var queryScale = Int8Vectors.Quantize(query, quantized);
        var rescored = Math.Max(count, settings.RescoreCandidates);
        // The vectors a first pass would read (every chunk's, deleted ones until merges drop them; manifests have none).
        var chunks = searcher.IndexReader.Leaves.Sum(leaf => QuantizedSegmentVectors.For(leaf.AtomicReader, dimension).Count);
        if (settings.BinaryPays(chunks, rescored))
        {
            var nearest = BinaryFirstPass.Nearest(searcher, query, restriction, settings.BinaryCandidates(chunks, rescored));
            return Rescore(searcher, query, count, ScoreQuantized(searcher, quantized, queryScale, rescored, nearest), settings.RescoreFromMap);
        }

        var candidates = Scan(searcher, restriction, rescored, reader =>
        {
            var vectors = QuantizedSegmentVectors.For(reader, dimension);
            return doc => vectors.Present[doc] ? vectors.Score(quantized, queryScale, doc) : null;
        });
        return Rescore(searcher, query, count, candidates, settings.RescoreFromMap);
    }

    /// <summary>The best <paramref name="keep"/> of <paramref name="docs"/> (top-level ids, ascending) by their int8 scores.</summary>
    private static List<(int Doc, float Score)> ScoreQuantized(IndexSearcher searcher, sbyte[] query, float queryScale, int keep, List<int> docs)
    {
        var leaves = searcher.IndexReader.Leaves;
        var best = new TopScores(keep);
        var leafIndex = 0;
        QuantizedSegmentVectors? vectors = null;
        foreach (var doc in docs)
        {
            while (leafIndex + 1 < leaves.Count && leaves[leafIndex + 1].DocBase <= doc)
            {
                leafIndex++;
                vectors = null;
            }

            var leaf = leaves[leafIndex];
            vectors ??= QuantizedSegmentVectors.For(leaf.AtomicReader, query.Length);
            best.Offer(doc, vectors.Score(query, queryScale, doc - leaf.DocBase));
        }

        return best.Descending();
    }

    /// <summary>The best <paramref name="keep"/> admitted documents by the score each segment's scorer gives (null: no vector).</summary>
    private static List<(int Doc, float Score)> Scan(IndexSearcher searcher, Filter? restriction, int keep, Func<AtomicReader, Func<int, float?>> scorerOf)
    {
        var best = new TopScores(keep);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var score = scorerOf(reader);
            var live = reader.LiveDocs;
            if (restriction is null)
            {
                for (var doc = 0; doc < reader.MaxDoc; doc++)
                {
                    if ((live is null || live.Get(doc)) && score(doc) is { } value)
                    {
                        best.Offer(leaf.DocBase + doc, value);
                    }
                }

                continue;
            }

            var admitted = restriction.GetDocIdSet(leaf, live)?.GetIterator();
            for (var doc = admitted?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS; doc != DocIdSetIterator.NO_MORE_DOCS; doc = admitted!.NextDoc())
            {
                if (score(doc) is { } value)
                {
                    best.Offer(leaf.DocBase + doc, value);
                }
            }
        }

        return best.Descending();
    }

    /// <summary>
    /// The candidates' exact dot products, from the float32 vectors Lucene keeps (read apart from the index's memory map,
    /// see <see cref="UnmappedVectorFile"/>), and the best <paramref name="count"/> of them.
    /// </summary>
    private static List<(int Doc, float Score)> Rescore(IndexSearcher searcher, float[] query, int count, List<(int Doc, float Score)> candidates, bool fromMap)
    {
        var leaves = searcher.IndexReader.Leaves;
        var values = new BinaryDocValues?[leaves.Count];
        var bytes = new BytesRef();
        var best = new TopScores(count);
        foreach (var (doc, _) in candidates)
        {
            var index = ReaderUtil.SubIndex(doc, leaves);
            var leaf = leaves[index];
            var vectors = values[index] ??= fromMap ? leaf.AtomicReader.GetBinaryDocValues(LuceneSchema.Vector) : StoredVectors.Values(leaf.AtomicReader)!;
            vectors.Get(doc - leaf.DocBase, bytes);
            best.Offer(doc, TensorPrimitives.Dot(query, MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length))));
        }

        return best.Descending();
    }

    /// <summary>The best scores offered so far, in a min-heap whose root is the weakest kept.</summary>
    private sealed class TopScores(int capacity)
    {
        private readonly PriorityQueue<int, float> _heap = new(capacity + 1);

        public void Offer(int doc, float score)
        {
            if (_heap.Count < capacity)
            {
                _heap.Enqueue(doc, score);
            }
            else if (_heap.TryPeek(out _, out var weakest) && score > weakest)
            {
                _heap.EnqueueDequeue(doc, score);
            }
        }

        public List<(int Doc, float Score)> Descending()
        {
            var kept = new List<(int Doc, float Score)>(_heap.Count);
            while (_heap.TryDequeue(out var doc, out var score))
            {
                kept.Add((doc, score));
            }

            kept.Reverse();
            return kept;
        }
    }
}
