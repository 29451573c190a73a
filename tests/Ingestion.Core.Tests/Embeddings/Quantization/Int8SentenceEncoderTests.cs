using System.Numerics.Tensors;
using Google.Protobuf;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Embeddings.Quantization;
using Ingestion.Core.Embeddings.Quantization.Onnx;

namespace Ingestion.Core.Tests.Embeddings.Quantization;

/// <summary>all-MiniLM-L6-v2-int8, made from the packaged graph, against the fp32 model it comes from.</summary>
public sealed class Int8SentenceEncoderTests(PackagedEncoders encoders) : IClassFixture<PackagedEncoders>
{
    [Fact]
    public void EveryWeightMatrixOfMiniLmIsQuantisedAndNothingElse()
    {
        var fp32 = EmbeddedModelResources.ReadModel(SentenceEncoderModels.MiniLmL6V2);
        var before = ModelProto.Parser.ParseFrom(fp32).Graph;
        var constant = before.Initializer.Select(t => t.Name).ToHashSet();
        var weightMatMuls = before.Node.Count(n => n.OpType == "MatMul" && constant.Contains(n.Input[1]));

        var int8 = Int8MatMulQuantizer.Quantize(fp32);

        var after = ModelProto.Parser.ParseFrom(int8).Graph;
        // Six layers of query, key, value, attention output and the feed-forward pair.
        Assert.Equal(36, weightMatMuls);
        Assert.Equal(weightMatMuls, after.Node.Count(n => n.OpType == "DynamicQuantizeMatMul"));
        // Attention's own products (query by key, weights by value) have no constant side and stay fp32.
        Assert.Equal(before.Node.Count(n => n.OpType == "MatMul") - weightMatMuls, after.Node.Count(n => n.OpType == "MatMul"));
        Assert.True(int8.Length < fp32.Length * 0.7, $"{int8.Length} bytes against {fp32.Length}");
        // Every node, input and output the quantiser does not touch is written back as it was read.
        Assert.Equal(before.Output.Select(o => o.ToByteString()), after.Output.Select(o => o.ToByteString()));
        Assert.Equal(before.Input.Select(o => o.ToByteString()), after.Input.Select(o => o.ToByteString()));
    }

    [Fact]
    public async Task Int8VectorsPointWhereTheFp32VectorsDoAndCarryTheirOwnModelId()
    {
        var sentences = OnnxSentenceEncoderTests.Sentences;
        var fp32 = await encoders.MiniLm.GenerateAsync(sentences);
        var int8 = await encoders.MiniLmInt8.GenerateAsync(sentences);

        for (var i = 0; i < sentences.Length; i++)
        {
            var cosine = TensorPrimitives.CosineSimilarity(fp32[i].Vector.Span, int8[i].Vector.Span);
            Assert.True(cosine > 0.98f, $"sentence {i}: cosine {cosine}");
            Assert.Equal(1f, TensorPrimitives.Norm(int8[i].Vector.Span), 4);
            Assert.Equal(SentenceEncoderModels.MiniLmL6V2Int8.ModelId, int8[i].ModelId);
        }

        var v = int8.Select(e => e.Vector.ToArray()).ToArray();
        Assert.True(TensorPrimitives.Dot(v[0], v[1]) > TensorPrimitives.Dot(v[0], v[3]) + 0.3f);
    }

    [Fact]
    public void TheInt8ModelIsItsOwnChoiceWithTheFp32ModelsTokensAndDimension()
    {
        var int8 = SentenceEncoderModels.Find("all-MiniLM-L6-v2-int8");

        Assert.Same(SentenceEncoderModels.MiniLmL6V2Int8, int8);
        Assert.NotEqual(SentenceEncoderModels.MiniLmL6V2.ModelId, int8!.ModelId);
        Assert.Equal((384, 256, SentencePooling.Mean, EncoderWeights.Int8Quantized), (int8.Dimension, int8.MaxTokens, int8.Pooling, int8.Weights));
        Assert.Same(int8, SentenceEncoderModels.Find(int8.ModelId));
    }
}
