namespace Ingestion.Core.Embeddings;

/// <summary>
/// A query encoder tuned on a team's own judgments (section <c>Embeddings:QueryEncoder</c>): a copy of a packaged
/// model's graph whose weights were trained so that queries land nearer the chunks judged relevant to them
/// (<c>bench/query-encoder.sh</c> makes one). Only queries go through it: documents keep the packaged model's vectors,
/// so it needs no re-index, and setting it back to nothing returns searches to the packaged model at once.
/// </summary>
public sealed class QueryEncoderOptions
{
    /// <summary>The largest graph read (the packaged graphs are about 90 MB).</summary>
    public const long MaxGraphBytes = 512L * 1024 * 1024;

    /// <summary>The tuned ONNX graph; none keeps the packaged model for queries.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// The packaged model it was tuned from (<c>all-MiniLM-L6-v2-int8</c>, …): it encodes the queries of an index of
    /// that model only, with that model's vocabulary, pooling and weights (an int8 model's tuned graph is quantised
    /// the same way); an index of another model, during a re-index, is searched with that model as packaged.
    /// </summary>
    public string? ForModel { get; set; }

    /// <summary>Whether a tuned encoder is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path) || !string.IsNullOrWhiteSpace(ForModel);
}
