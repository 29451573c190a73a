using Lucene.Net.Index;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// The vectors of one immutable segment, copied once into a contiguous matrix so the dense leg
/// scans memory linearly with SIMD. Cached per segment core, which outlives reopened readers.
/// </summary>
internal sealed class SegmentVectors
{
    private static readonly PerSegmentCache<SegmentVectors> Cache = new();
    private readonly RowMatrix<float> _rows;

    private SegmentVectors(RowMatrix<float> rows, bool[] present)
    {
        _rows = rows;
        Present = present;
    }

    public bool[] Present { get; }

    public int Dimension => _rows.Width;

    public ReadOnlySpan<float> Row(int doc) => _rows.Row(doc);

    public static SegmentVectors For(AtomicReader reader, int dimension) =>
        Cache.GetOrLoad(reader.CoreCacheKey, () => Load(reader, dimension));

    internal static SegmentVectors Load(AtomicReader reader, int dimension, int maxElementsPerBlock = RowBlocks.MaxElements)
    {
        var rows = new RowMatrix<float>(reader.MaxDoc, dimension, maxElementsPerBlock);
        var present = new bool[reader.MaxDoc];
        StoredVectors.ForEach(reader, dimension, (doc, vector) =>
        {
            vector.CopyTo(rows.Row(doc));
            present[doc] = true;
        });
        return new SegmentVectors(rows, present);
    }
}
