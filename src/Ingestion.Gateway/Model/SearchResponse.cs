using System.Text.Json.Serialization;
using Ingestion.Gateway.Search;
using Ingestion.Index.Lucene.Lexical;

namespace Ingestion.Gateway.Model;

/// <summary>
/// The answer of <c>GET /api/search</c>: ranked chunks, or with <c>group=document</c> ranked documents with their
/// best chunks (then <see cref="Hits"/> is empty) and a cursor to the next page while there is one.
/// <see cref="Cached"/> says the answer came from the result cache (same request, same index generation).
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

/// <summary>The fusion a search used, named as the request parameters are.</summary>
public sealed record FusionSettings(string Method, int RrfK, int Window, [property: JsonPropertyName("bm25Weight")] double LexicalWeight, double DenseWeight)
{
    public static FusionSettings Of(FusionParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(parameters.Method.ToString().ToLowerInvariant(), parameters.RrfK, parameters.Window, parameters.LexicalWeight, parameters.DenseWeight);
    }
}

/// <summary>
/// One chunk found, with its citation (document, version, chunk ordinal, character offsets in the document's
/// extracted text, page where known), the fused score, what each leg said of it (rank, score and its
/// contribution to the fused score; null where the leg did not find it) and, unless turned off, a snippet with the query terms marked.
/// <see cref="Text"/> is cut to the answer's share of text (see <c>HitText</c>) when <see cref="TextTruncated"/> says so;
/// the offsets still name the whole chunk. <see cref="Context"/> is what the chunk needs to be understood alone: the
/// headings above it (<c>Policy › Renewal</c>) and a continued table's header row; null when there is none.
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
    [property: JsonPropertyName(SearchModeText.Lexical)] LegResult? Lexical,
    LegResult? Dense,
    IReadOnlyList<string> FoundBy,
    string? Snippet,
    IReadOnlyList<TextRange>? Matches,
    bool TextTruncated = false,
    string? Context = null);
