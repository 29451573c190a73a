using System.Numerics.Tensors;

namespace Ingestion.Core.Embeddings;

/// <summary>Layer normalisation over the last dimension, as the TF graph computes it.</summary>
internal sealed class LayerNorm(float[] scale, float[] bias, float epsilon)
{
    public int Width => scale.Length;

    public void Apply(ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        var width = Width;
        Span<float> folded = stackalloc float[width];
        for (var r = 0; r < rows; r++)
        {
            var x = input.Slice(r * width, width);
            var y = output.Slice(r * width, width);
            var mean = TensorPrimitives.Sum(x) / width;
            TensorPrimitives.Subtract(x, mean, y);
            var variance = TensorPrimitives.SumOfSquares(y) / width;
            var inverse = 1f / MathF.Sqrt(variance + epsilon);
            // The graph folds the scale first (scale * rsqrt), then multiplies: same order, same rounding.
            TensorPrimitives.Multiply(scale, inverse, folded);
            TensorPrimitives.Multiply(y, folded, y);
            TensorPrimitives.Add(y, bias, y);
        }
    }
}
