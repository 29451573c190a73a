namespace Ingestion.Gateway.Search;

/// <summary>Which legs a search runs; named in the HTTP API by <see cref="Model.SearchModeText"/>.</summary>
public enum SearchMode
{
    /// <summary>Both legs, fused (by default a convex combination of their normalised scores; see <see cref="FusionMethod"/>).</summary>
    Hybrid,

    /// <summary>The lexical (BM25) leg only; <c>bm25</c> in the HTTP API.</summary>
    Lexical,

    /// <summary>Dense nearest neighbours only.</summary>
    Dense,
}
