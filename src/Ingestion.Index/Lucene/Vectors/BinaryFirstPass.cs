using System.Buffers;
using Lucene.Net.Search;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// The first pass of a binary dense search: the Hamming distance of every admitted chunk's 1-bit code to the query's,
/// and the <c>keep</c> nearest. Distances are small integers (0 to the dimension), so the nearest are found by a
/// histogram of distances and one more pass, not by a heap offered every chunk.
/// </summary>
internal static class BinaryFirstPass
{
    private const ushort NotAdmitted = ushort.MaxValue;

    /// <summary>Top-level ids of the <paramref name="keep"/> admitted chunks nearest to <paramref name="query"/> by their codes, ascending.</summary>
    public static List<int> Nearest(IndexSearcher searcher, float[] query, Filter? restriction, int keep)
    {
        var leaves = searcher.IndexReader.Leaves;
        var distances = new ushort[leaves.Count][];
        var histogram = new int[query.Length + 1];
        Span<ulong> code = stackalloc ulong[BinaryCodes.WordsFor(query.Length)];
        try
        {
            for (var l = 0; l < leaves.Count; l++)
            {
                var leaf = leaves[l];
                var reader = leaf.AtomicReader;
                var vectors = QuantizedSegmentVectors.For(reader, query.Length);
                vectors.EncodeQuery(query, code);
                var segment = distances[l] = ArrayPool<ushort>.Shared.Rent(reader.MaxDoc);
                vectors.Distances(code, segment.AsSpan(0, reader.MaxDoc));
                var live = reader.LiveDocs;
                if (restriction is null)
                {
                    for (var doc = 0; doc < reader.MaxDoc; doc++)
                    {
                        if (vectors.Present[doc] && (live is null || live.Get(doc)))
                        {
                            histogram[segment[doc]]++;
                        }
                        else
                        {
                            segment[doc] = NotAdmitted;
                        }
                    }

                    continue;
                }

                // Every distance was computed (one tight pass); those the filter does not admit are struck out.
                var admitted = restriction.GetDocIdSet(leaf, live)?.GetIterator();
                var next = admitted?.NextDoc() ?? DocIdSetIterator.NO_MORE_DOCS;
                for (var doc = 0; doc < reader.MaxDoc; doc++)
                {
                    if (doc == next)
                    {
                        next = admitted!.NextDoc();
                        if (vectors.Present[doc])
                        {
                            histogram[segment[doc]]++;
                            continue;
                        }
                    }

                    segment[doc] = NotAdmitted;
                }
            }

            // The nearest distance within which at least keep chunks lie; of those exactly at it, only as many as fill keep.
            var (within, atEdge) = Cutoff(histogram, keep);
            var nearest = new List<int>(keep);
            for (var l = 0; l < leaves.Count; l++)
            {
                var segment = distances[l].AsSpan(0, leaves[l].AtomicReader.MaxDoc);
                for (var doc = 0; doc < segment.Length; doc++)
                {
                    if (segment[doc] < within || (segment[doc] == within && atEdge-- > 0))
                    {
                        nearest.Add(leaves[l].DocBase + doc);
                    }
                }
            }

            return nearest;
        }
        finally
        {
            foreach (var segment in distances)
            {
                if (segment is not null)
                {
                    ArrayPool<ushort>.Shared.Return(segment);
                }
            }
        }
    }

    /// <summary>The distance at which the nearest <paramref name="keep"/> end, and how many at exactly that distance they take.</summary>
    internal static (int Within, int AtEdge) Cutoff(ReadOnlySpan<int> histogram, int keep)
    {
        var taken = 0;
        for (var distance = 0; distance < histogram.Length; distance++)
        {
            if (taken + histogram[distance] >= keep)
            {
                return (distance, keep - taken);
            }

            taken += histogram[distance];
        }

        // Fewer admitted than keep: all of them.
        return (histogram.Length, 0);
    }
}
