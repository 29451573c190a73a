using AskCitation = Ingestion.Client.Model.AskCitation;
using SearchHit = Ingestion.Client.Model.SearchHit;

namespace Ingestion.Gateway.Mcp;

/// <summary>
/// A passage found, as an agent cites it: where it is (document, version, chunk, character offsets, page), its text,
/// and its context (the headings above it, a continued table's header), without which a passage such as a table's
/// rows can be read wrongly.
/// </summary>
public sealed record ToolCitation(string DocumentId, long Version, string ChunkId, int Ordinal, int StartOffset, int EndOffset, int? Page, string Title, string Text, double Score, string? Context)
{
    public static ToolCitation Of(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new(hit.DocumentId, hit.Version, hit.ChunkId, hit.Ordinal, hit.StartOffset, hit.EndOffset, hit.Page, hit.Title, hit.Text, hit.Score, hit.Context);
    }
}

/// <summary>What the <c>search</c> tool returns: the passages found, best first.</summary>
public sealed record ToolSearchResult(string Query, string Mode, IReadOnlyList<ToolCitation> Hits);

/// <summary>What the <c>get_context</c> tool returns: numbered passages fitted into the token budget, to be cited by number.</summary>
public sealed record ToolContextResult(string Question, IReadOnlyList<AskCitation> Passages, int PromptTokens, int BudgetTokens, string Tokenizer);
