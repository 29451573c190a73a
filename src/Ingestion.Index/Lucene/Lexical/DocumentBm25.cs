namespace Ingestion.Index.Lucene.Lexical;

/// <summary>
/// BM25's parameters for whole documents. Chunks keep Lucene's k1 = 1.2, b = 0.75: they are all of about one length,
/// so b barely matters there, while documents differ in length by orders of magnitude.
/// </summary>
internal sealed record DocumentBm25(float K1, float B, float TieBreaker = 0.3f)
{
    public static DocumentBm25 Default { get; } = new(0.9f, 0.4f);
}
