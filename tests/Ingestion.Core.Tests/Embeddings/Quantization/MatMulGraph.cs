using System.Runtime.InteropServices;
using Google.Protobuf;
using Ingestion.Core.Embeddings.Quantization.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Ingestion.Core.Tests.Embeddings.Quantization;

/// <summary>A one-layer ONNX graph, <c>Y = X · W (+ b)</c> with a constant <c>W</c> of K rows and N columns, and ONNX Runtime to run it.</summary>
internal static class MatMulGraph
{
    public static byte[] Build(float[] weights, int rows, int columns, float[]? bias = null)
    {
        var graph = new GraphProto { Name = "layer" };
        graph.Input.Add(Value("X", rows));
        graph.Output.Add(Value("Y", columns));
        graph.Initializer.Add(Tensor("W", weights, rows, columns));
        var matMul = new NodeProto { Name = "matmul", OpType = "MatMul" };
        matMul.Input.Add(["X", "W"]);
        matMul.Output.Add(bias is null ? "Y" : "XW");
        graph.Node.Add(matMul);
        if (bias is not null)
        {
            graph.Initializer.Add(Tensor("b", bias, columns));
            var add = new NodeProto { Name = "add", OpType = "Add" };
            // Bias first, as PyTorch exports it.
            add.Input.Add(["b", "XW"]);
            add.Output.Add("Y");
            graph.Node.Add(add);
        }

        var model = new ModelProto { IrVersion = 7, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        return model.ToByteArray();
    }

    /// <summary>Runs <paramref name="graph"/> on the batch <paramref name="inputs"/> (rows of K values); returns its rows of N.</summary>
    public static float[] Run(byte[] graph, float[] inputs, int rows, int k)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(graph, options);
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, [rows, k]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["X"], [input], ["Y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static ValueInfoProto Value(string name, int width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = width });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
