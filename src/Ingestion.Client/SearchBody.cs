using System.Globalization;
using System.Text.Json.Serialization;
using Ingestion.Client.Model;

namespace Ingestion.Client;

/// <summary>The body of <c>POST /api/search</c>, named as the gateway's parameters are.</summary>
internal sealed record SearchBody
{
    public string? Q { get; init; }

    public int? K { get; init; }

    public SearchMode? Mode { get; init; }

    public string? Fusion { get; init; }

    public int? RrfK { get; init; }

    public int? Window { get; init; }

    [JsonPropertyName("bm25Weight")]
    public double? LexicalWeight { get; init; }

    public double? DenseWeight { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<string>? AllTags { get; init; }

    public IReadOnlyList<string>? ContentType { get; init; }

    public string? IdPrefix { get; init; }

    public string? UpdatedAfter { get; init; }

    public bool? Highlight { get; init; }

    public string? Group { get; init; }

    public int? PerDocument { get; init; }

    public string? Cursor { get; init; }

    public static SearchBody Of(SearchRequest search, int? perDocument) => new()
    {
        Q = search.Query,
        K = search.K,
        Mode = search.Mode,
        Fusion = search.Fusion,
        RrfK = search.RrfK,
        Window = search.Window,
        LexicalWeight = search.LexicalWeight,
        DenseWeight = search.DenseWeight,
        Tags = search.Tags,
        AllTags = search.AllTags,
        ContentType = search.ContentTypes,
        IdPrefix = search.IdPrefix,
        UpdatedAfter = search.UpdatedAfter?.ToString("O", CultureInfo.InvariantCulture),
        Highlight = search.Highlight,
        Group = perDocument is null ? null : "document",
        PerDocument = perDocument,
    };
}
