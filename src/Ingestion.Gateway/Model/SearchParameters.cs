using System.Text.Json.Serialization;
using Ingestion.Gateway.Search;
using Microsoft.AspNetCore.Mvc;

namespace Ingestion.Gateway.Model;

/// <summary>The query parameters of <c>GET /api/search</c>, bound by name, or the JSON body of <c>POST /api/search</c> with the same names.</summary>
/// <param name="Q">The query.</param>
/// <param name="K">Hits (or, grouped, documents) per page.</param>
/// <param name="Mode">hybrid, bm25 or dense.</param>
/// <param name="Fusion">cc (convex combination of normalised scores) or rrf (reciprocal-rank fusion).</param>
/// <param name="RrfK">RRF's k.</param>
/// <param name="Window">Hits (grouped: documents) taken from each leg before fusion.</param>
/// <param name="LexicalWeight">The lexical leg's weight in fusion (<c>bm25Weight</c>).</param>
/// <param name="DenseWeight">The dense leg's weight in fusion.</param>
/// <param name="Tags">Any of these tags (repeatable).</param>
/// <param name="AllTags">All of these tags (repeatable).</param>
/// <param name="ContentType">Any of these media types (repeatable).</param>
/// <param name="IdPrefix">Document ids starting so.</param>
/// <param name="UpdatedAfter">Changed after this time (ISO 8601).</param>
/// <param name="Highlight">False leaves snippets and matches out.</param>
/// <param name="Group"><c>document</c> groups chunks by document.</param>
/// <param name="PerDocument">Chunks per document when grouped.</param>
/// <param name="Cursor">The next page of a grouped search.</param>
public sealed record SearchParameters(
    string? Q,
    int? K,
    string? Mode,
    string? Fusion,
    int? RrfK,
    int? Window,
    [FromQuery(Name = "bm25Weight")][property: JsonPropertyName("bm25Weight")] double? LexicalWeight,
    double? DenseWeight,
    [FromQuery] string[]? Tags,
    [FromQuery] string[]? AllTags,
    [FromQuery] string[]? ContentType,
    string? IdPrefix,
    string? UpdatedAfter,
    bool? Highlight,
    string? Group,
    int? PerDocument,
    string? Cursor)
{
    /// <summary>
    /// The search these parameters ask for, or null with the problems added to <paramref name="errors"/>; a query in a
    /// body (<paramref name="inBody"/>) may be as long as <c>Gateway:MaxBodyQueryLength</c>, one in a URL as <c>Gateway:MaxQueryLength</c>.
    /// </summary>
    public ValidSearch? Validate(GatewayOptions limits, RequestErrors errors, bool inBody = false)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Q))
        {
            errors.Add("q", "q is required.");
        }
        else if (inBody && Q.Length > limits.MaxBodyQueryLength)
        {
            errors.Add("q", $"q must be at most {limits.MaxBodyQueryLength} characters (Gateway:MaxBodyQueryLength).");
        }
        else if (!inBody && Q.Length > limits.MaxQueryLength)
        {
            errors.Add("q", $"q must be at most {limits.MaxQueryLength} characters in a URL (Gateway:MaxQueryLength); send a longer one in the body of POST /api/search, up to {limits.MaxBodyQueryLength}.");
        }

        var count = RequestRules.PageSize(K, limits, errors);
        var mode = RequestRules.Mode(Mode, errors);
        var defaults = limits.Fusion;
        var method = defaults.Method;
        if (Fusion is not null && !TryParseFusion(Fusion, out method))
        {
            errors.Add("fusion", $"fusion '{Fusion}' is unknown; use cc (convex combination of normalised scores) or rrf (reciprocal-rank fusion).");
        }

        var window = Window ?? (Group is "document" ? defaults.DocumentWindow : defaults.Window);
        var fusion = new FusionParameters(method, RrfK ?? defaults.RrfK, window, LexicalWeight ?? defaults.LexicalWeight, DenseWeight ?? defaults.DenseWeight);
        if (fusion.RrfK is < 1 or > 1000)
        {
            errors.Add("rrfK", "rrfK must be between 1 and 1000.");
        }

        if (fusion.Window is < 1 or > 1000)
        {
            errors.Add("window", "window must be between 1 and 1000.");
        }

        if (fusion.LexicalWeight is < 0 or > 100 || double.IsNaN(fusion.LexicalWeight) || fusion.DenseWeight is < 0 or > 100 || double.IsNaN(fusion.DenseWeight))
        {
            errors.Add("weights", "bm25Weight and denseWeight must be between 0 and 100.");
        }
        else if (fusion.LexicalWeight + fusion.DenseWeight <= 0)
        {
            // Every fused score would be 0, and the ranking the order of chunk ids.
            errors.Add("weights", "bm25Weight and denseWeight must not both be 0.");
        }

        var filter = SearchFilters.Parse(Tags, AllTags, ContentType, IdPrefix, UpdatedAfter, errors);
        // Three chunks a document unless asked otherwise, or fewer where Gateway:MaxPerDocument allows fewer.
        var perDocument = PerDocument ?? Math.Min(3, limits.MaxPerDocument);
        if (Group is not (null or "document"))
        {
            errors.Add("group", $"group '{Group}' is unknown; the one grouping is 'document'.");
        }
        else if (perDocument < 1 || perDocument > limits.MaxPerDocument)
        {
            errors.Add("perDocument", $"perDocument must be between 1 and {limits.MaxPerDocument}.");
        }

        return errors.Any ? null : new ValidSearch(Q!, mode, count, fusion, filter, Highlight != false, Group is "document" ? perDocument : null)
        {
            FusionGiven = Fusion is not null || RrfK is not null || Window is not null || LexicalWeight is not null || DenseWeight is not null,
        };
    }

    internal static bool TryParseFusion(string value, out FusionMethod method) =>
        Enum.TryParse(value, ignoreCase: true, out method) && Enum.IsDefined(method) && !int.TryParse(value, out _);
}
