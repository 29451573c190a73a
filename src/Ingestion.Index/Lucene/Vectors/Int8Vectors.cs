using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// Vectors as signed bytes with one scale each (symmetric scalar quantisation: x ≈ scale × q, q in −127..127), and
/// their dot products in integers: a quarter of the memory of float32, and a scan that reads a quarter of the bytes.
/// </summary>
internal static class Int8Vectors
{
    /// <summary>Writes <paramref name="vector"/> quantised into <paramref name="into"/> and returns its scale.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> into)
    {
        var largest = TensorPrimitives.MaxMagnitude(vector);
        var magnitude = MathF.Abs(largest);
        if (magnitude == 0)
        {
            into.Clear();
            return 0;
        }

        var scale = magnitude / 127f;
        for (var i = 0; i < vector.Length; i++)
        {
            into[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        }

        return scale;
    }

    /// <summary>Σ aᵢbᵢ over two equally long byte vectors, exact in 32-bit integers (127² × 130,000 dimensions fit).</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && a.Length >= Vector256<sbyte>.Count)
        {
            var accumulated = Vector256<int>.Zero;
            ref var left = ref MemoryMarshal.GetReference(a);
            ref var right = ref MemoryMarshal.GetReference(b);
            for (; i <= a.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                var (leftLow, leftHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref left, (nuint)i));
                var (rightLow, rightHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref right, (nuint)i));
                // Multiplies 16-bit lanes and adds neighbouring products into 32-bit lanes (vpmaddwd).
                accumulated += Avx2.MultiplyAddAdjacent(leftLow, rightLow) + Avx2.MultiplyAddAdjacent(leftHigh, rightHigh);
            }

            sum = Vector256.Sum(accumulated);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
