using System.Globalization;
using Ingestion.Client.Model;

namespace Ingestion.Cli.Evaluation;

/// <summary>
/// A configuration of the gateway's search to evaluate: its mode and fusion settings, each left to the gateway's
/// defaults where unset. Written as <c>mode=hybrid,fusion=cc,window=500,bm25Weight=0.4,denseWeight=0.6,rrfK=60</c>, or
/// by one of the mode names <c>ingest eval --modes</c> takes (bm25, dense, hybrid, hybrid-cc, hybrid-rrf).
/// </summary>
internal sealed record SearchConfiguration(string Name, SearchMode Mode, string? Fusion = null, int? Window = null, double? LexicalWeight = null, double? DenseWeight = null, int? RrfK = null)
{
    private static readonly string[] Keys = ["mode", "fusion", "window", "bm25Weight", "denseWeight", "rrfK"];

    public static SearchConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        if (!value.Contains('=', StringComparison.Ordinal))
        {
            // A mode name: "hybrid-cc" and "hybrid-rrf" are hybrid with that fusion method.
            var fusion = value.StartsWith("hybrid-", StringComparison.Ordinal) ? value["hybrid-".Length..] : null;
            return Enum.TryParse<SearchMode>(fusion is null ? value : "hybrid", ignoreCase: true, out var named) && !int.TryParse(value, out _)
                ? new SearchConfiguration(value, named, fusion)
                : throw new CliException($"'{text}' is neither a mode (bm25, dense, hybrid, hybrid-cc, hybrid-rrf) nor settings such as mode=hybrid,window=500.");
        }

        var configuration = new SearchConfiguration(value, SearchMode.Hybrid);
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            var key = Keys.FirstOrDefault(k => string.Equals(k, parts[0], StringComparison.OrdinalIgnoreCase))
                ?? throw new CliException($"'{parts[0]}' in '{text}' is not a setting; use {string.Join(", ", Keys)}.");
            var setting = parts.Length == 2 ? parts[1] : string.Empty;
            configuration = key switch
            {
                "mode" => configuration with { Mode = Enum.TryParse<SearchMode>(setting, ignoreCase: true, out var mode) && !int.TryParse(setting, out _) ? mode : throw Bad(key, setting, "bm25, dense or hybrid") },
                "fusion" => configuration with { Fusion = setting is "cc" or "rrf" ? setting : throw Bad(key, setting, "cc or rrf") },
                "window" => configuration with { Window = int.TryParse(setting, CultureInfo.InvariantCulture, out var window) ? window : throw Bad(key, setting, "a number") },
                "rrfK" => configuration with { RrfK = int.TryParse(setting, CultureInfo.InvariantCulture, out var k) ? k : throw Bad(key, setting, "a number") },
                "bm25Weight" => configuration with { LexicalWeight = double.TryParse(setting, CultureInfo.InvariantCulture, out var lexical) ? lexical : throw Bad(key, setting, "a number") },
                _ => configuration with { DenseWeight = double.TryParse(setting, CultureInfo.InvariantCulture, out var dense) ? dense : throw Bad(key, setting, "a number") },
            };
        }

        return configuration;
    }

    /// <summary>The grouped search this configuration runs for a query: its documents, without highlights, among the prefix given.</summary>
    public SearchRequest RequestFor(string query, int documents, string? idPrefix) => new(query)
    {
        Mode = Mode,
        Fusion = Fusion,
        Window = Window,
        LexicalWeight = LexicalWeight,
        DenseWeight = DenseWeight,
        RrfK = RrfK,
        K = documents,
        IdPrefix = string.IsNullOrEmpty(idPrefix) ? null : idPrefix,
        Highlight = false,
    };

    private static CliException Bad(string key, string value, string expected) => new($"{key}={value} is not {expected}.");
}
