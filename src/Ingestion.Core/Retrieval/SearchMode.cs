namespace Ingestion.Core.Retrieval;

public enum SearchMode
{
    /// <summary>Both legs, combined by reciprocal-rank fusion.</summary>
    Hybrid,

    /// <summary>Lexical BM25 only.</summary>
    Bm25,

    /// <summary>Dense nearest neighbours only.</summary>
    Dense,
}
