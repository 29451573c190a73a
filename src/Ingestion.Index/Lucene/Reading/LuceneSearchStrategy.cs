using Ingestion.Index.Lucene.Lexical;
using Ingestion.Index.Lucene.Vectors;

namespace Ingestion.Index.Lucene.Reading;

/// <summary>
/// How a reader searches. The store always searches with <see cref="Default"/>: MaxScore for lexical searches, and
/// 1-bit codes, then int8 vectors, then exact rescoring for dense ones. The others are what tests and the benchmark
/// compare it with (Lucene's own exhaustive lexical search; exact or int8-only dense search), not settings.
/// </summary>
internal sealed record LuceneSearchStrategy(DenseSearchMode Dense, bool LexicalPruning)
{
    /// <summary>
    /// Whether candidates are rescored from the index's memory-mapped doc values, as before the float32 vectors were
    /// read apart from the map (<see cref="UnmappedVectorFile"/>): the benchmark's yardstick for that change's latency.
    /// </summary>
    public bool RescoreFromMap { get; init; }

    /// <summary>BM25's parameters for whole documents (the benchmark compares others).</summary>
    public DocumentBm25 DocumentBm25 { get; init; } = DocumentBm25.Default;

    public static LuceneSearchStrategy Default { get; } = new(DenseSearchMode.Binary, LexicalPruning: true);

    public static LuceneSearchStrategy DenseBy(DenseSearchMode mode) => Default with { Dense = mode };

    public static LuceneSearchStrategy Unpruned { get; } = Default with { LexicalPruning = false };
}
