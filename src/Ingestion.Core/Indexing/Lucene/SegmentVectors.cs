using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Ingestion.Core.Indexing.Lucene;

/// <summary>
/// The vectors of one immutable segment, copied once into a contiguous matrix so the dense leg
/// scans memory linearly with SIMD. Cached per segment core, which outlives reopened readers.
/// </summary>
internal sealed class SegmentVectors
{
    private static readonly ConditionalWeakTable<object, SegmentVectors> Cache = [];
    private readonly float[][] _blocks;
    private readonly int _rowsPerBlock;

    private SegmentVectors(float[][] blocks, int rowsPerBlock, bool[] present, int dimension)
    {
        _blocks = blocks;
        _rowsPerBlock = rowsPerBlock;
        Present = present;
        Dimension = dimension;
    }

    public bool[] Present { get; }

    public int Dimension { get; }

    public ReadOnlySpan<float> Row(int doc) => _blocks[doc / _rowsPerBlock].AsSpan(doc % _rowsPerBlock * Dimension, Dimension);

    public static SegmentVectors For(AtomicReader reader, int dimension) =>
        Cache.GetValue(reader.CoreCacheKey, _ => Load(reader, dimension));

    /// <summary>
    /// Rows in one block: a segment may hold more rows than one array can (2^31 elements, 5.6M rows of 384), so the
    /// matrix is split into blocks of whole rows, and no offset inside a block overflows an int.
    /// </summary>
    internal static int RowsPerBlock(int dimension, int maxElements = 1 << 30) => Math.Max(1, maxElements / dimension);

    internal static SegmentVectors Load(AtomicReader reader, int dimension, int maxElementsPerBlock = 1 << 30)
    {
        var maxDoc = reader.MaxDoc;
        var rowsPerBlock = RowsPerBlock(dimension, maxElementsPerBlock);
        var blocks = new float[(maxDoc + rowsPerBlock - 1) / rowsPerBlock][];
        for (var block = 0; block < blocks.Length; block++)
        {
            blocks[block] = new float[Math.Min(rowsPerBlock, maxDoc - (block * rowsPerBlock)) * dimension];
        }

        var present = new bool[maxDoc];
        StoredVectors.ForEach(reader, dimension, (doc, vector) =>
        {
            vector.CopyTo(blocks[doc / rowsPerBlock].AsSpan(doc % rowsPerBlock * dimension, dimension));
            present[doc] = true;
        });
        return new SegmentVectors(blocks, rowsPerBlock, present, dimension);
    }
}
