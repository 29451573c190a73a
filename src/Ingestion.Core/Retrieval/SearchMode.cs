namespace Ingestion.Core.Retrieval;

public enum SearchMode
{
    /// <summary>Both legs, fused (by default a convex combination of their normalised scores; see <see cref="FusionMethod"/>).</summary>
    Hybrid,

    /// <summary>Lexical BM25 only.</summary>
    Bm25,

    /// <summary>Dense nearest neighbours only.</summary>
    Dense,
}
