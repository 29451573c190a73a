using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Model;

/// <summary>
/// The <c>mode</c> of searches and asks as the HTTP API names it: <c>hybrid</c>, <c>bm25</c> (the lexical leg) or
/// <c>dense</c>; the API's one name for the lexical leg, in modes, hits and fusion weights alike, is <c>bm25</c>.
/// </summary>
public static class SearchModeText
{
    public const string Lexical = "bm25";

    public static string Name(SearchMode mode) => mode switch
    {
        SearchMode.Hybrid => "hybrid",
        SearchMode.Lexical => Lexical,
        SearchMode.Dense => "dense",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string value, out SearchMode mode)
    {
        foreach (var known in Enum.GetValues<SearchMode>())
        {
            if (string.Equals(value, Name(known), StringComparison.OrdinalIgnoreCase))
            {
                mode = known;
                return true;
            }
        }

        mode = SearchMode.Hybrid;
        return false;
    }
}
