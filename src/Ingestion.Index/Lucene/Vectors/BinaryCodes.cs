using System.Numerics;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// Vectors as one bit per dimension (above or below a centre, the mean of a segment's vectors) and their Hamming
/// distance: a 384-dimension vector in 48 bytes, an eighth of its int8 copy, so a first pass over a million chunks
/// reads 48 MB instead of 384. The distance only chooses candidates; the int8 copies and then the float vectors rank them.
/// </summary>
internal static class BinaryCodes
{
    public static int WordsFor(int dimension) => (dimension + 63) / 64;

    /// <summary>Writes the bits of <paramref name="vector"/> (1 where it lies above <paramref name="centre"/>) into <paramref name="into"/>.</summary>
    public static void Encode(ReadOnlySpan<float> vector, ReadOnlySpan<float> centre, Span<ulong> into)
    {
        into.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] > centre[i])
            {
                into[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>As <see cref="Encode(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{ulong})"/> for an int8 vector of scale <paramref name="scale"/>.</summary>
    public static void Encode(ReadOnlySpan<sbyte> vector, float scale, ReadOnlySpan<float> centre, Span<ulong> into)
    {
        into.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (vector[i] * scale > centre[i])
            {
                into[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>
    /// The distance of <paramref name="code"/> to each code of <paramref name="rows"/> (codes one after another), into
    /// <paramref name="into"/>: one tight loop over contiguous memory, the whole cost of the first pass. Six words (384
    /// dimensions) get their own loop, which the JIT unrolls.
    /// </summary>
    public static void Distances(ReadOnlySpan<ulong> code, ReadOnlySpan<ulong> rows, Span<ushort> into)
    {
        if (code.Length == 6)
        {
            ulong c0 = code[0], c1 = code[1], c2 = code[2], c3 = code[3], c4 = code[4], c5 = code[5];
            for (int row = 0, at = 0; row < into.Length; row++, at += 6)
            {
                var r = rows.Slice(at, 6);
                into[row] = (ushort)(BitOperations.PopCount(c0 ^ r[0]) + BitOperations.PopCount(c1 ^ r[1]) + BitOperations.PopCount(c2 ^ r[2])
                    + BitOperations.PopCount(c3 ^ r[3]) + BitOperations.PopCount(c4 ^ r[4]) + BitOperations.PopCount(c5 ^ r[5]));
            }

            return;
        }

        for (int row = 0, at = 0; row < into.Length; row++, at += code.Length)
        {
            into[row] = (ushort)Distance(code, rows.Slice(at, code.Length));
        }
    }

    /// <summary>The number of dimensions on which two codes differ.</summary>
    public static int Distance(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var distance = 0;
        for (var i = 0; i < a.Length; i++)
        {
            distance += BitOperations.PopCount(a[i] ^ b[i]);
        }

        return distance;
    }
}
