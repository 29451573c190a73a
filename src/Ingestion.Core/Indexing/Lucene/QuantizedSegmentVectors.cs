using System.Runtime.CompilerServices;
using Lucene.Net.Index;

namespace Ingestion.Core.Indexing.Lucene;

/// <summary>
/// The vectors of one immutable segment quantised to signed bytes (see <see cref="Int8Vectors"/>), in blocks of whole
/// rows, for the first pass of a quantised dense search; the exact float vectors stay in Lucene's doc values, read
/// again only for the candidates that pass is rescoring. Cached per segment core, as <see cref="SegmentVectors"/>.
/// </summary>
internal sealed class QuantizedSegmentVectors
{
    private static readonly ConditionalWeakTable<object, QuantizedSegmentVectors> Cache = [];
    private readonly sbyte[][] _blocks;
    private readonly float[] _scales;
    private readonly int _rowsPerBlock;

    private QuantizedSegmentVectors(sbyte[][] blocks, float[] scales, bool[] present, int rowsPerBlock, int dimension)
    {
        _blocks = blocks;
        _scales = scales;
        Present = present;
        _rowsPerBlock = rowsPerBlock;
        Dimension = dimension;
    }

    public bool[] Present { get; }

    public int Dimension { get; }

    /// <summary>The approximate dot product of the quantised query (<paramref name="query"/>, <paramref name="queryScale"/>) with row <paramref name="doc"/>.</summary>
    public float Score(ReadOnlySpan<sbyte> query, float queryScale, int doc) =>
        Int8Vectors.Dot(query, _blocks[doc / _rowsPerBlock].AsSpan(doc % _rowsPerBlock * Dimension, Dimension)) * queryScale * _scales[doc];

    public static QuantizedSegmentVectors For(AtomicReader reader, int dimension) =>
        Cache.GetValue(reader.CoreCacheKey, _ => Load(reader, dimension));

    private static QuantizedSegmentVectors Load(AtomicReader reader, int dimension)
    {
        var maxDoc = reader.MaxDoc;
        var rowsPerBlock = SegmentVectors.RowsPerBlock(dimension);
        var blocks = new sbyte[(maxDoc + rowsPerBlock - 1) / rowsPerBlock][];
        for (var block = 0; block < blocks.Length; block++)
        {
            blocks[block] = new sbyte[Math.Min(rowsPerBlock, maxDoc - (block * rowsPerBlock)) * dimension];
        }

        var scales = new float[maxDoc];
        var present = new bool[maxDoc];
        StoredVectors.ForEach(reader, dimension, (doc, vector) =>
        {
            scales[doc] = Int8Vectors.Quantize(vector, blocks[doc / rowsPerBlock].AsSpan(doc % rowsPerBlock * dimension, dimension));
            present[doc] = true;
        });
        return new QuantizedSegmentVectors(blocks, scales, present, rowsPerBlock, dimension);
    }
}
