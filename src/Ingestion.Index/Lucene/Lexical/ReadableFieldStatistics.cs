using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene.Lexical;

/// <summary>
/// Each segment's field statistics per caller (<see cref="ReadableStatisticsSearcher"/>): the readable chunks, those
/// with the field, and its length over them, read once from the field's norms and kept while the segment (with its
/// deletions) lives. A segment keeps at most <see cref="CallersPerSegment"/> callers' (three fields each).
/// </summary>
internal sealed class ReadableFieldStatistics
{
    private const int CallersPerSegment = 256;
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<(Filter Readable, string Field), FieldCounts>> _segments = [];

    public FieldCounts Of(AtomicReaderContext leaf, Filter readable, string field, Func<DocIdSetIterator?> admitted)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var segment = _segments.GetValue(leaf.AtomicReader.CombinedCoreAndDeletesKey, _ => new());
        if (segment.TryGetValue((readable, field), out var known))
        {
            return known;
        }

        if (segment.Count >= CallersPerSegment * 3)
        {
            // Simpler than least-recently-used and as bounded: the callers searching now count theirs again at once.
            segment.Clear();
        }

        return segment.GetOrAdd((readable, field), _ => Count(leaf.AtomicReader, field, admitted()));
    }

    /// <summary>
    /// The length of a chunk's field as BM25 reads it back from the norm it wrote (the inverse square of the stored
    /// value, boost 1): the lengths Lucene itself scores with.
    /// </summary>
    private static FieldCounts Count(AtomicReader reader, string field, DocIdSetIterator? admitted)
    {
        if (admitted is null)
        {
            return default;
        }

        var norms = reader.GetNormValues(field);
        var (chunks, withField, length) = (0L, 0L, 0d);
        for (var doc = admitted.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = admitted.NextDoc())
        {
            chunks++;
            var norm = (byte)(norms?.Get(doc) ?? 0);
            if (norm != 0)
            {
                withField++;
                var stored = SmallSingle.Byte315ToSingle(norm);
                length += 1d / (stored * stored);
            }
        }

        return new FieldCounts(chunks, withField, length);
    }
}

/// <summary>A segment's readable chunks, those among them with the field, and the field's length over them.</summary>
internal readonly record struct FieldCounts(long Chunks, long WithField, double Length);
