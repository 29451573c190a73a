using System.Numerics.Tensors;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// A managed port of Universal Sentence Encoder Lite ("KonaTransformer"): token embeddings plus a
/// sinusoidal timing signal, two pre-layer-norm transformer layers (widths 256 and 512), mean
/// pooling, a tanh projection and L2 normalisation. See shared/EMBEDDINGS.md for the graph facts.
/// </summary>
public sealed class UniversalSentenceEncoderLite
{
    /// <summary>The model clips its input to this many tokens.</summary>
    public const int MaxTokens = 128;
    public const int Dimension = 512;
    private const int EmbeddingWidth = 256;
    private const float LayerNormEpsilon = 9.99999997e-07f;
    private const string Prefix = "Encoder_en/KonaTransformer/Encode/";
    private const string StackPrefix = "Encoder_en/KonaTransformer/Encode/TransformerStack/";

    private readonly float[] _embeddings;
    private readonly float[] _inverseTimescales;
    private readonly LayerNorm _attentionNorm0;
    private readonly MultiHeadSelfAttention _attention0;
    private readonly DenseLayer _residualProjection0;
    private readonly LayerNorm _feedForwardNorm0;
    private readonly FeedForward _feedForward0;
    private readonly LayerNorm _attentionNorm1;
    private readonly MultiHeadSelfAttention _attention1;
    private readonly LayerNorm _feedForwardNorm1;
    private readonly FeedForward _feedForward1;
    private readonly DenseLayer _pooledProjection;

    private UniversalSentenceEncoderLite(TensorFlowJsWeights w, int vocabularyRows)
    {
        _embeddings = w.Get("module/Embeddings_en", vocabularyRows * EmbeddingWidth);
        _inverseTimescales = w.Get(StackPrefix + "Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1", EmbeddingWidth / 2);

        _attentionNorm0 = Norm(w, "Layer_0/TransformerLayer/layer_prepostprocess", 256);
        _attention0 = Attention(w, "Layer_0", 256, 512, "Layer_0/TransformerLayer/MultiheadAttention/mul/y");
        _residualProjection0 = new DenseLayer(
            w.Get(Prefix + "Layer_0/TransformerLayer/dense/kernel/ConcatPartitions/concat", 256 * 512),
            w.Get(Prefix + "Layer_0/TransformerLayer/dense/bias/ConcatPartitions/concat", 512),
            256,
            512);
        _feedForwardNorm0 = Norm(w, "Layer_0/TransformerLayer/FFN/layer_prepostprocess", 512);
        _feedForward0 = Ffn(w, "Layer_0");

        _attentionNorm1 = Norm(w, "Layer_1/TransformerLayer/layer_prepostprocess", 512);
        _attention1 = Attention(w, "Layer_1", 512, 512, "Layer_1/TransformerLayer/MultiheadAttention/mul/y");
        _feedForwardNorm1 = Norm(w, "Layer_1/TransformerLayer/FFN/layer_prepostprocess", 512);
        _feedForward1 = Ffn(w, "Layer_1");

        _pooledProjection = new DenseLayer(
            w.Get("module/Encoder_en/hidden_layers/tanh_layer_0/weights", 512 * 512),
            w.Get("module/Encoder_en/hidden_layers/tanh_layer_0/bias", 512),
            512,
            512);
    }

    /// <summary>Loads the weights from a folder holding <c>model.json</c> and its shards.</summary>
    public static UniversalSentenceEncoderLite Load(string modelDirectory, int vocabularySize)
    {
        var weights = TensorFlowJsWeights.Load(modelDirectory);

        // The embedding table has two rows more than the vocabulary: read its real size off the weights.
        var rows = weights.Get("module/Embeddings_en", -1, allowAnyLength: true).Length / EmbeddingWidth;
        if (rows < vocabularySize)
        {
            throw new InvalidDataException($"The embedding table has {rows} rows, fewer than the vocabulary's {vocabularySize} pieces.");
        }

        return new UniversalSentenceEncoderLite(weights, rows);
    }

    /// <summary>Encodes one token sequence (at most <see cref="MaxTokens"/> ids) into a unit vector.</summary>
    public void Encode(ReadOnlySpan<int> tokenIds, Span<float> destination)
    {
        if (tokenIds.IsEmpty || tokenIds.Length > MaxTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(tokenIds), tokenIds.Length, $"Between 1 and {MaxTokens} tokens are encoded at a time.");
        }

        if (destination.Length != Dimension)
        {
            throw new ArgumentException($"The destination must hold {Dimension} values.", nameof(destination));
        }

        var length = tokenIds.Length;
        var input = new float[length * EmbeddingWidth];
        Embed(tokenIds, input);

        // Layer 0 (width 256 in, 512 out): attention, plus the input projected to 512 as the residual.
        var normalized = new float[length * 512];
        _attentionNorm0.Apply(input, length, normalized);
        var hidden = new float[length * 512];
        _attention0.Apply(normalized, length, hidden);
        var residual = new float[length * 512];
        _residualProjection0.Apply(input, length, residual);
        TensorPrimitives.Add(hidden, residual, hidden);
        AddFeedForward(_feedForwardNorm0, _feedForward0, hidden, normalized, residual, length);

        // Layer 1 (width 512).
        _attentionNorm1.Apply(hidden, length, normalized);
        _attention1.Apply(normalized, length, residual);
        TensorPrimitives.Add(hidden, residual, hidden);
        AddFeedForward(_feedForwardNorm1, _feedForward1, hidden, normalized, residual, length);

        // Mean over tokens, tanh projection, L2 normalisation.
        Span<float> pooled = stackalloc float[Dimension];
        pooled.Clear();
        for (var t = 0; t < length; t++)
        {
            TensorPrimitives.Add(pooled, hidden.AsSpan(t * Dimension, Dimension), pooled);
        }

        TensorPrimitives.Divide(pooled, length, pooled);
        _pooledProjection.Apply(pooled, 1, destination);
        TensorPrimitives.Tanh(destination, destination);
        var squaredNorm = MathF.Max(TensorPrimitives.SumOfSquares(destination), 1e-12f);
        TensorPrimitives.Multiply(destination, 1f / MathF.Sqrt(squaredNorm), destination);
    }

    private static void AddFeedForward(LayerNorm norm, FeedForward feedForward, float[] hidden, float[] scratch, float[] output, int length)
    {
        norm.Apply(hidden, length, scratch);
        feedForward.Apply(scratch, length, output);
        TensorPrimitives.Add(hidden, output, hidden);
    }

    private void Embed(ReadOnlySpan<int> tokenIds, Span<float> input)
    {
        var half = EmbeddingWidth / 2;
        for (var t = 0; t < tokenIds.Length; t++)
        {
            var id = tokenIds[t];
            if ((uint)id >= (uint)(_embeddings.Length / EmbeddingWidth))
            {
                throw new ArgumentOutOfRangeException(nameof(tokenIds), id, "Token id outside the embedding table.");
            }

            var row = input.Slice(t * EmbeddingWidth, EmbeddingWidth);
            var embedding = _embeddings.AsSpan(id * EmbeddingWidth, EmbeddingWidth);

            // The graph adds the embedding twice (it scatters it into both operands of the first add).
            TensorPrimitives.Add(embedding, embedding, row);
            for (var j = 0; j < half; j++)
            {
                var angle = t * _inverseTimescales[j];
                row[j] += MathF.Sin(angle);
                row[half + j] += MathF.Cos(angle);
            }
        }
    }

    private static LayerNorm Norm(TensorFlowJsWeights w, string path, int width) => new(
        w.Get(Prefix + path + "/layer_norm/layer_norm_scale/ConcatPartitions/concat", width),
        w.Get(Prefix + path + "/layer_norm/layer_norm_bias/ConcatPartitions/concat", width),
        LayerNormEpsilon);

    private static MultiHeadSelfAttention Attention(TensorFlowJsWeights w, string layer, int width, int outputWidth, string scalePath)
    {
        var qkv = new DenseLayer(
            w.Get($"module/Encoder_en/KonaTransformer/Encode/{layer}/TransformerLayer/MultiheadAttention/qkv_transform_single/kernel/part_0", width * 3 * width),
            w.Get(Prefix + layer + "/TransformerLayer/MultiheadAttention/qkv_transform_single/bias/ConcatPartitions/concat", 3 * width),
            width,
            3 * width);
        var output = new DenseLayer(
            w.Get($"module/Encoder_en/KonaTransformer/Encode/{layer}/TransformerLayer/MultiheadAttention/output_transform_single/kernel/part_0", width * outputWidth),
            w.Get(Prefix + layer + "/TransformerLayer/MultiheadAttention/output_transform_single/bias/ConcatPartitions/concat", outputWidth),
            width,
            outputWidth);
        return new MultiHeadSelfAttention(qkv, output, heads: 4, queryScale: w.Get(StackPrefix + scalePath, 1)[0]);
    }

    private static FeedForward Ffn(TensorFlowJsWeights w, string layer) => new(
        new DenseLayer(
            w.Get(StackPrefix + layer + "/TransformerLayer/FFN/conv1/Tensordot/Reshape_1", 512 * 1536),
            w.Get(Prefix + layer + "/TransformerLayer/FFN/conv1/bias/ConcatPartitions/concat", 1536),
            512,
            1536),
        new DenseLayer(
            w.Get(StackPrefix + layer + "/TransformerLayer/FFN/conv2/Tensordot/Reshape_1", 1536 * 512),
            w.Get(Prefix + layer + "/TransformerLayer/FFN/conv2/bias/ConcatPartitions/concat", 512),
            1536,
            512));
}
