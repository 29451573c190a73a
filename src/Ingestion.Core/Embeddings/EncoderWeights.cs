namespace Ingestion.Core.Embeddings;

/// <summary>How a packaged encoder's graph is run.</summary>
public enum EncoderWeights
{
    /// <summary>The packaged fp32 graph as it is.</summary>
    Packaged,

    /// <summary>The packaged graph with its weight matrices quantised to int8 (<see cref="Quantization.Int8MatMulQuantizer"/>).</summary>
    Int8Quantized,
}
