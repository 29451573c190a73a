using System.Numerics.Tensors;

namespace Ingestion.Core.Embeddings;

/// <summary>A dense projection <c>y = x W + b</c>, with W kept transposed so every output is one SIMD dot product.</summary>
internal sealed class DenseLayer
{
    private readonly float[] _transposedKernel;
    private readonly float[] _bias;

    public DenseLayer(float[] kernel, float[] bias, int inputWidth, int outputWidth)
    {
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        _bias = bias;
        _transposedKernel = new float[kernel.Length];
        for (var i = 0; i < inputWidth; i++)
        {
            for (var o = 0; o < outputWidth; o++)
            {
                _transposedKernel[(o * inputWidth) + i] = kernel[(i * outputWidth) + o];
            }
        }
    }

    public int InputWidth { get; }

    public int OutputWidth { get; }

    /// <summary>Projects <paramref name="rows"/> input rows into <paramref name="output"/>.</summary>
    public void Apply(ReadOnlySpan<float> input, int rows, Span<float> output)
    {
        // Output-major loop: each kernel row is read once while the (small) input stays in cache.
        for (var o = 0; o < OutputWidth; o++)
        {
            var weights = _transposedKernel.AsSpan(o * InputWidth, InputWidth);
            var bias = _bias[o];
            for (var r = 0; r < rows; r++)
            {
                output[(r * OutputWidth) + o] = TensorPrimitives.Dot(input.Slice(r * InputWidth, InputWidth), weights) + bias;
            }
        }
    }
}
