using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Ingestion.Core.Indexing.Lucene;

/// <summary>
/// The vectors of one immutable segment, copied once into a contiguous matrix so the dense leg
/// scans memory linearly with SIMD. Cached per segment core, which outlives reopened readers.
/// </summary>
internal sealed class SegmentVectors
{
    private static readonly ConditionalWeakTable<object, SegmentVectors> Cache = [];

    private SegmentVectors(float[] matrix, bool[] present, int dimension)
    {
        Matrix = matrix;
        Present = present;
        Dimension = dimension;
    }

    public float[] Matrix { get; }

    public bool[] Present { get; }

    public int Dimension { get; }

    public ReadOnlySpan<float> Row(int doc) => Matrix.AsSpan(doc * Dimension, Dimension);

    public static SegmentVectors For(AtomicReader reader, int dimension) =>
        Cache.GetValue(reader.CoreCacheKey, _ => Load(reader, dimension));

    private static SegmentVectors Load(AtomicReader reader, int dimension)
    {
        var maxDoc = reader.MaxDoc;
        var matrix = new float[(long)maxDoc * dimension];
        var present = new bool[maxDoc];
        var values = reader.GetBinaryDocValues(LuceneSchema.Vector);
        var withField = reader.GetDocsWithField(LuceneSchema.Vector);
        if (values is null || withField is null)
        {
            return new SegmentVectors(matrix, present, dimension);
        }

        var bytes = new BytesRef();
        for (var doc = 0; doc < maxDoc; doc++)
        {
            if (!withField.Get(doc))
            {
                continue;
            }

            values.Get(doc, bytes);
            var vector = MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
            if (vector.Length != dimension)
            {
                throw new InvalidDataException($"A stored vector has {vector.Length} dimensions; the index records {dimension}.");
            }

            vector.CopyTo(matrix.AsSpan(doc * dimension, dimension));
            present[doc] = true;
        }

        return new SegmentVectors(matrix, present, dimension);
    }
}
