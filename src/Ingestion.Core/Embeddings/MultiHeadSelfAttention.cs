using System.Numerics.Tensors;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// Self-attention over one sequence: a fused QKV projection, scaled dot-product attention per head
/// and an output projection. Sequences are encoded one at a time, so no padding mask is needed.
/// </summary>
internal sealed class MultiHeadSelfAttention(DenseLayer qkv, DenseLayer output, int heads, float queryScale)
{
    public int Width => qkv.InputWidth;

    public int OutputWidth => output.OutputWidth;

    public void Apply(ReadOnlySpan<float> input, int length, Span<float> result)
    {
        var width = Width;
        var headSize = width / heads;
        var fused = new float[length * 3 * width];
        qkv.Apply(input, length, fused);

        var context = new float[length * width];
        var query = new float[headSize];
        var logits = new float[length];
        for (var head = 0; head < heads; head++)
        {
            var headOffset = head * headSize;
            for (var t = 0; t < length; t++)
            {
                // The graph scales the queries (not the logits) before the dot product.
                TensorPrimitives.Multiply(fused.AsSpan((t * 3 * width) + headOffset, headSize), queryScale, query);
                for (var s = 0; s < length; s++)
                {
                    logits[s] = TensorPrimitives.Dot(query, fused.AsSpan((s * 3 * width) + width + headOffset, headSize));
                }

                var weights = logits.AsSpan(0, length);
                TensorPrimitives.Subtract(weights, TensorPrimitives.Max(weights), weights);
                TensorPrimitives.Exp(weights, weights);
                TensorPrimitives.Divide(weights, TensorPrimitives.Sum(weights), weights);
                var target = context.AsSpan((t * width) + headOffset, headSize);
                target.Clear();
                for (var s = 0; s < length; s++)
                {
                    TensorPrimitives.MultiplyAdd(fused.AsSpan((s * 3 * width) + (2 * width) + headOffset, headSize), logits[s], target, target);
                }
            }
        }

        output.Apply(context, length, result);
    }
}
