using System.Numerics.Tensors;

namespace Ingestion.Core.Embeddings;

/// <summary>The position-wise feed-forward block: dense, ReLU, dense.</summary>
internal sealed class FeedForward(DenseLayer expand, DenseLayer contract)
{
    public void Apply(ReadOnlySpan<float> input, int length, Span<float> result)
    {
        var hidden = new float[length * expand.OutputWidth];
        expand.Apply(input, length, hidden);
        TensorPrimitives.Max(hidden, 0f, hidden);
        contract.Apply(hidden, length, result);
    }
}
