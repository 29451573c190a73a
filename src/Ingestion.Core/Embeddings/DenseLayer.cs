using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// A dense projection <c>y = x W + b</c> over a block of rows, computed in register tiles: four rows
/// by two SIMD vectors of outputs accumulate across the whole input width, so each weight loaded is
/// used four times and each input value broadcast is used twice. This is the shape of a GEMM micro-kernel;
/// a dot product per output (the obvious loop) spends most of its time on loads and horizontal sums.
/// </summary>
internal sealed class DenseLayer
{
    private const int TileRows = 4;
    private readonly float[] _kernel;
    private readonly float[] _bias;

    public DenseLayer(float[] kernel, float[] bias, int inputWidth, int outputWidth)
    {
        if (outputWidth % (2 * Vector512<float>.Count) != 0)
        {
            throw new ArgumentException($"The output width {outputWidth} must be a multiple of {2 * Vector512<float>.Count}.", nameof(outputWidth));
        }

        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        _kernel = kernel;
        _bias = bias;
    }

    public int InputWidth { get; }

    public int OutputWidth { get; }

    /// <summary>Projects <paramref name="rows"/> input rows into <paramref name="output"/>.</summary>
    public void Apply(ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        if (input.Length < rows * InputWidth || output.Length < rows * OutputWidth)
        {
            throw new ArgumentException($"{rows} rows need {rows * InputWidth} inputs and {rows * OutputWidth} outputs.");
        }

        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        ref var w = ref MemoryMarshal.GetArrayDataReference(_kernel);
        ref var b = ref MemoryMarshal.GetArrayDataReference(_bias);

        // Column panels outermost: one panel of the kernel (input width x 32 floats) stays in cache for every row.
        for (var column = 0; column < OutputWidth; column += 2 * Vector512<float>.Count)
        {
            var row = 0;
            for (; row + TileRows <= rows; row += TileRows)
            {
                FourRows(ref x, ref w, ref b, ref y, row, column);
            }

            for (; row < rows; row++)
            {
                OneRow(ref x, ref w, ref b, ref y, row, column);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FourRows(ref float x, ref float w, ref float b, ref float y, int row, int column)
    {
        var width = InputWidth;
        var outputs = OutputWidth;
        var lane = Vector512<float>.Count;
        var bias0 = Vector512.LoadUnsafe(ref b, (nuint)column);
        var bias1 = Vector512.LoadUnsafe(ref b, (nuint)(column + lane));
        Vector512<float> a00 = bias0, a01 = bias1, a10 = bias0, a11 = bias1, a20 = bias0, a21 = bias1, a30 = bias0, a31 = bias1;
        ref var x0 = ref Unsafe.Add(ref x, row * width);
        ref var x1 = ref Unsafe.Add(ref x0, width);
        ref var x2 = ref Unsafe.Add(ref x1, width);
        ref var x3 = ref Unsafe.Add(ref x2, width);
        for (var i = 0; i < width; i++)
        {
            var offset = (nuint)((i * outputs) + column);
            var w0 = Vector512.LoadUnsafe(ref w, offset);
            var w1 = Vector512.LoadUnsafe(ref w, offset + (nuint)lane);
            var v0 = Vector512.Create(Unsafe.Add(ref x0, i));
            a00 = Vector512.FusedMultiplyAdd(v0, w0, a00);
            a01 = Vector512.FusedMultiplyAdd(v0, w1, a01);
            var v1 = Vector512.Create(Unsafe.Add(ref x1, i));
            a10 = Vector512.FusedMultiplyAdd(v1, w0, a10);
            a11 = Vector512.FusedMultiplyAdd(v1, w1, a11);
            var v2 = Vector512.Create(Unsafe.Add(ref x2, i));
            a20 = Vector512.FusedMultiplyAdd(v2, w0, a20);
            a21 = Vector512.FusedMultiplyAdd(v2, w1, a21);
            var v3 = Vector512.Create(Unsafe.Add(ref x3, i));
            a30 = Vector512.FusedMultiplyAdd(v3, w0, a30);
            a31 = Vector512.FusedMultiplyAdd(v3, w1, a31);
        }

        var target = (nuint)((row * outputs) + column);
        a00.StoreUnsafe(ref y, target);
        a01.StoreUnsafe(ref y, target + (nuint)lane);
        target += (nuint)outputs;
        a10.StoreUnsafe(ref y, target);
        a11.StoreUnsafe(ref y, target + (nuint)lane);
        target += (nuint)outputs;
        a20.StoreUnsafe(ref y, target);
        a21.StoreUnsafe(ref y, target + (nuint)lane);
        target += (nuint)outputs;
        a30.StoreUnsafe(ref y, target);
        a31.StoreUnsafe(ref y, target + (nuint)lane);
    }

    private void OneRow(ref float x, ref float w, ref float b, ref float y, int row, int column)
    {
        var width = InputWidth;
        var outputs = OutputWidth;
        var lane = Vector512<float>.Count;
        var a0 = Vector512.LoadUnsafe(ref b, (nuint)column);
        var a1 = Vector512.LoadUnsafe(ref b, (nuint)(column + lane));
        ref var x0 = ref Unsafe.Add(ref x, row * width);
        for (var i = 0; i < width; i++)
        {
            var offset = (nuint)((i * outputs) + column);
            var v = Vector512.Create(Unsafe.Add(ref x0, i));
            a0 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w, offset), a0);
            a1 = Vector512.FusedMultiplyAdd(v, Vector512.LoadUnsafe(ref w, offset + (nuint)lane), a1);
        }

        var target = (nuint)((row * outputs) + column);
        a0.StoreUnsafe(ref y, target);
        a1.StoreUnsafe(ref y, target + (nuint)lane);
    }
}
