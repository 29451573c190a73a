using CsCheck;
using Ingestion.Core.Embeddings.Quantization;
using Ingestion.Core.Embeddings.Quantization.Onnx;

namespace Ingestion.Core.Tests.Embeddings.Quantization;

public sealed class Int8MatMulQuantizerTests
{
    /// <summary>
    /// Each output column is as exact as its own weights allow: the error stays within what rounding the column's
    /// weights to 7 bits of their own largest value, and the input to 8 bits of the whole batch's range, can cause (a
    /// whole step for the input: its zero point is rounded too, so its extremes can be clamped by up to a step). A column of
    /// weights a thousand times smaller than its neighbours' keeps its precision (one scale for the whole matrix
    /// would round it to nothing).
    /// </summary>
    [Fact]
    public void EveryColumnIsWithinTheRoundingOfItsOwnWeightsAndTheInput()
    {
        var gen =
            from k in Gen.Int[2, 24]
            from n in Gen.Int[1, 8]
            from rows in Gen.Int[1, 3]
            from exponents in Gen.Int[-3, 2].Array[n]
            from weights in Gen.Float[-1f, 1f].Array[k * n]
            from inputs in Gen.Float[-2f, 2f].Array[rows * k]
            select (k, n, rows, exponents, weights, inputs);

        gen.Sample(
            sample =>
            {
                var (k, n, rows, exponents, raw, inputs) = sample;
                var weights = raw.Select((w, i) => w * MathF.Pow(10, exponents[i % n])).ToArray();
                var fp32 = MatMulGraph.Build(weights, k, n);
                var expected = MatMulGraph.Run(fp32, inputs, rows, k);
                var actual = MatMulGraph.Run(Int8MatMulQuantizer.Quantize(fp32), inputs, rows, k);

                // The input is quantised per run, to uint8 over the range of the whole batch with zero included.
                var inputStep = (Math.Max(inputs.Max(), 0) - Math.Min(inputs.Min(), 0)) / 255;
                for (var row = 0; row < rows; row++)
                {
                    var x = inputs.AsSpan(row * k, k).ToArray();
                    for (var column = 0; column < n; column++)
                    {
                        var w = Enumerable.Range(0, k).Select(r => weights[(r * n) + column]).ToArray();
                        var weightStep = w.Max(MathF.Abs) / 63;
                        var bound = Enumerable.Range(0, k).Sum(r => (MathF.Abs(x[r]) * weightStep / 2) + (MathF.Abs(w[r]) * inputStep) + (weightStep * inputStep / 2));
                        var error = MathF.Abs(actual[(row * n) + column] - expected[(row * n) + column]);
                        if (error > (bound * 1.01f) + 1e-6f)
                        {
                            return false;
                        }
                    }
                }

                return true;
            },
            iter: 150);
    }

    [Fact]
    public void TheBiasAddIsFoldedIntoTheQuantisedMatMulAndStillAdded()
    {
        float[] weights = [0.5f, -1f, 0.25f, 2f, -0.75f, 1f];
        float[] bias = [10f, -20f];
        float[] inputs = [1f, -2f, 0.5f];
        var fp32 = MatMulGraph.Build(weights, 3, 2, bias);

        var int8 = Int8MatMulQuantizer.Quantize(fp32);

        var graph = ModelProto.Parser.ParseFrom(int8).Graph;
        var node = Assert.Single(graph.Node);
        Assert.Equal(("DynamicQuantizeMatMul", "com.microsoft"), (node.OpType, node.Domain));
        Assert.Equal(["X", "W_int8", "W_scale", "W_zero_point", "b"], node.Input);
        Assert.Equal("Y", Assert.Single(node.Output));
        Assert.DoesNotContain(graph.Initializer, t => t.Name == "W");
        var expected = MatMulGraph.Run(fp32, inputs, 1, 3);
        var actual = MatMulGraph.Run(int8, inputs, 1, 3);
        Assert.Equal(expected[0], actual[0], 0.1f);
        Assert.Equal(expected[1], actual[1], 0.1f);
    }

    [Fact]
    public void AGraphWithNoConstantWeightsIsRefused()
    {
        var graph = ModelProto.Parser.ParseFrom(MatMulGraph.Build([1f, 2f], 2, 1));
        // The weight becomes a second input: nothing constant is left to quantise.
        graph.Graph.Initializer.Clear();

        var refused = Assert.Throws<InvalidDataException>(() => Int8MatMulQuantizer.Quantize(Google.Protobuf.MessageExtensions.ToByteArray(graph)));

        Assert.Contains("nothing to quantise", refused.Message, StringComparison.Ordinal);
    }
}
