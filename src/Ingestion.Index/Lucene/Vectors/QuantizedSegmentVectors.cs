using Lucene.Net.Index;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// The vectors of one immutable segment compressed for the first passes of a dense search: quantised to signed bytes
/// (see <see cref="Int8Vectors"/>), and to one bit per dimension around the segment's mean vector (see
/// <see cref="BinaryCodes"/>), both in blocks of whole rows. The exact float vectors stay in Lucene's doc values, read
/// again only for the candidates being rescored. Cached per segment core, as <see cref="SegmentVectors"/>.
/// </summary>
internal sealed class QuantizedSegmentVectors
{
    private static readonly PerSegmentCache<QuantizedSegmentVectors> Cache = new();
    private readonly RowMatrix<sbyte> _rows;
    private readonly float[] _scales;
    private readonly RowMatrix<ulong> _codes;
    private readonly float[] _centre;

    private QuantizedSegmentVectors(RowMatrix<sbyte> rows, float[] scales, bool[] present, int count, RowMatrix<ulong> codes, float[] centre)
    {
        Count = count;
        _rows = rows;
        _scales = scales;
        _codes = codes;
        _centre = centre;
        Present = present;
    }

    public bool[] Present { get; }

    /// <summary>The segment's documents with a vector (its chunks, deleted ones too until a merge drops them).</summary>
    public int Count { get; }

    public int Dimension => _rows.Width;

    /// <summary>The approximate dot product of the quantised query (<paramref name="query"/>, <paramref name="queryScale"/>) with row <paramref name="doc"/>.</summary>
    public float Score(ReadOnlySpan<sbyte> query, float queryScale, int doc) =>
        Int8Vectors.Dot(query, _rows.Row(doc)) * queryScale * _scales[doc];

    /// <summary>The query's bits around this segment's centre, to compare with its rows by <see cref="Distances"/>.</summary>
    public void EncodeQuery(ReadOnlySpan<float> query, Span<ulong> into) => BinaryCodes.Encode(query, _centre, into);

    /// <summary>The Hamming distance of the query's code (from <see cref="EncodeQuery"/>) to every row's, in row order.</summary>
    public void Distances(ReadOnlySpan<ulong> queryCode, Span<ushort> into)
    {
        var row = 0;
        foreach (var block in _codes.Blocks)
        {
            BinaryCodes.Distances(queryCode, block, into.Slice(row, block.Length / queryCode.Length));
            row += block.Length / queryCode.Length;
        }
    }

    public static QuantizedSegmentVectors For(AtomicReader reader, int dimension) =>
        Cache.GetOrLoad(reader.CoreCacheKey, () => Load(reader, dimension));

    private static QuantizedSegmentVectors Load(AtomicReader reader, int dimension)
    {
        var rows = new RowMatrix<sbyte>(reader.MaxDoc, dimension);
        var scales = new float[reader.MaxDoc];
        var present = new bool[reader.MaxDoc];
        var sum = new double[dimension];
        var count = 0;
        StoredVectors.ForEach(reader, dimension, (doc, vector) =>
        {
            scales[doc] = Int8Vectors.Quantize(vector, rows.Row(doc));
            present[doc] = true;
            for (var i = 0; i < dimension; i++)
            {
                sum[i] += vector[i];
            }

            count++;
        });

        // Bits split each dimension at its mean over the segment: embeddings are not centred on zero (many dimensions
        // lean one way for every text), and a bit that is the same for every row tells no two rows apart.
        var centre = sum.Select(s => count == 0 ? 0f : (float)(s / count)).ToArray();
        var codes = new RowMatrix<ulong>(reader.MaxDoc, BinaryCodes.WordsFor(dimension));
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (present[doc])
            {
                BinaryCodes.Encode(rows.Row(doc), scales[doc], centre, codes.Row(doc));
            }
        }

        return new QuantizedSegmentVectors(rows, scales, present, count, codes, centre);
    }
}
