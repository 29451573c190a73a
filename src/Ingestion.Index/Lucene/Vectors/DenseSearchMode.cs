namespace Ingestion.Index.Lucene.Vectors;

/// <summary>
/// How the embedded store's dense leg finds its nearest neighbours. The store searches <see cref="Binary"/>; the others
/// are what tests and the benchmark measure it against (see <see cref="Reading.LuceneSearchStrategy"/>).
/// </summary>
internal enum DenseSearchMode
{
    /// <summary>
    /// One bit per dimension compared first (an eighth of the int8 bytes), the best <c>Index:DenseCandidates</c> scored
    /// on their int8 copies, the best of those rescored exactly.
    /// </summary>
    Binary,

    /// <summary>int8 copies of the vectors scanned first, the best candidates rescored exactly: a quarter of the memory.</summary>
    Quantized,

    /// <summary>Every float32 vector scored exactly.</summary>
    Exact,
}
