using System.Text.Json.Serialization;

namespace Ingestion.Client.Model;

/// <summary>Which retrieval a search runs.</summary>
public enum SearchMode
{
    /// <summary>BM25 and dense fused (the default).</summary>
    Hybrid,

    /// <summary>BM25 alone: exact words.</summary>
    Bm25,

    /// <summary>Dense alone: meaning.</summary>
    Dense,
}

/// <summary>
/// A search (<c>POST /api/search</c>): the query, how many hits, which retrieval and fusion, and the filters every leg
/// applies before ranking. Unset values take the gateway's defaults.
/// </summary>
public sealed record SearchRequest(string Query)
{
    public int? K { get; init; }

    public SearchMode? Mode { get; init; }

    /// <summary><c>cc</c> (convex combination of normalised scores) or <c>rrf</c> (reciprocal-rank fusion).</summary>
    public string? Fusion { get; init; }

    public int? RrfK { get; init; }

    public int? Window { get; init; }

    public double? LexicalWeight { get; init; }

    public double? DenseWeight { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<string>? AllTags { get; init; }

    public IReadOnlyList<string>? ContentTypes { get; init; }

    public string? IdPrefix { get; init; }

    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>False leaves snippets and matches out.</summary>
    public bool? Highlight { get; init; }
}

/// <summary>The fusion a search used, named as the request parameters are.</summary>
public sealed record FusionSettings(string Method, int RrfK, int Window, [property: JsonPropertyName("bm25Weight")] double LexicalWeight, double DenseWeight);

/// <summary>What one retrieval leg said of a hit: its rank, its score, and its part of the fused score.</summary>
public sealed record LegResult(int Rank, double Score, double Contribution = 0);

/// <summary>A character range of a chunk's text.</summary>
public sealed record TextRange(int Start, int End);

/// <summary>
/// One chunk found, with its citation (document, version, chunk ordinal, character offsets in the document's
/// extracted text, page where known), the fused score, what each leg said of it (rank, score and its
/// contribution to the fused score; null where the leg did not find it) and, unless turned off, a snippet with the
/// query terms marked. <see cref="Text"/> is cut to the answer's share of text when <see cref="TextTruncated"/> says
/// so; the offsets still name the whole chunk. <see cref="Context"/> is what the chunk needs to be understood alone:
/// the headings above it (<c>Policy › Renewal</c>) and a continued table's header row; null when there is none.
/// </summary>
public sealed record SearchHit(
    string DocumentId,
    string ChunkId,
    long Version,
    string Title,
    string Text,
    int Ordinal,
    int StartOffset,
    int EndOffset,
    int? Page,
    double Score,
    [property: JsonPropertyName("bm25")] LegResult? Lexical,
    LegResult? Dense,
    IReadOnlyList<string> FoundBy,
    string? Snippet = null,
    IReadOnlyList<TextRange>? Matches = null,
    bool TextTruncated = false,
    string? Context = null);

/// <summary>A document of a grouped search, where documents are ranked as documents: its score and its best chunks (at most <c>perDocument</c>).</summary>
public sealed record DocumentGroup(string DocumentId, string Title, double Score, IReadOnlyList<SearchHit> Hits);

/// <summary>
/// The answer of a search: ranked chunks, or with <c>group=document</c> ranked documents with their best chunks (then
/// <see cref="Hits"/> is empty) and a cursor to the next page while there is one. <see cref="Cached"/> says the
/// gateway answered from its result cache (same request, same index generation).
/// </summary>
public sealed record SearchResponse(
    string Query,
    string Mode,
    FusionSettings Fusion,
    IReadOnlyList<SearchHit> Hits,
    double TookMs,
    IReadOnlyList<DocumentGroup>? Documents = null,
    string? NextCursor = null,
    bool Cached = false);
