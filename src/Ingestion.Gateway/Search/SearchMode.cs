using Ingestion.Gateway.Model;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Security;
namespace Ingestion.Gateway.Search;

public enum SearchMode
{
    /// <summary>Both legs, fused (by default a convex combination of their normalised scores; see <see cref="FusionMethod"/>).</summary>
    Hybrid,

    /// <summary>Lexical BM25 only.</summary>
    Bm25,

    /// <summary>Dense nearest neighbours only.</summary>
    Dense,
}
