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
    private readonly RowMatrix<sbyte> _rows;
    private readonly float[] _scales;

    private QuantizedSegmentVectors(RowMatrix<sbyte> rows, float[] scales, bool[] present)
    {
        _rows = rows;
        _scales = scales;
        Present = present;
    }

    public bool[] Present { get; }

    public int Dimension => _rows.Width;

    /// <summary>The approximate dot product of the quantised query (<paramref name="query"/>, <paramref name="queryScale"/>) with row <paramref name="doc"/>.</summary>
    public float Score(ReadOnlySpan<sbyte> query, float queryScale, int doc) =>
        Int8Vectors.Dot(query, _rows.Row(doc)) * queryScale * _scales[doc];

    public static QuantizedSegmentVectors For(AtomicReader reader, int dimension) =>
        Cache.GetValue(reader.CoreCacheKey, _ => Load(reader, dimension));

    private static QuantizedSegmentVectors Load(AtomicReader reader, int dimension)
    {
        var rows = new RowMatrix<sbyte>(reader.MaxDoc, dimension);
        var scales = new float[reader.MaxDoc];
        var present = new bool[reader.MaxDoc];
        StoredVectors.ForEach(reader, dimension, (doc, vector) =>
        {
            scales[doc] = Int8Vectors.Quantize(vector, rows.Row(doc));
            present[doc] = true;
        });
        return new QuantizedSegmentVectors(rows, scales, present);
    }
}
