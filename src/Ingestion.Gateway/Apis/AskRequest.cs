namespace Ingestion.Gateway.Apis;

/// <summary>The body of <c>POST /api/ask</c>.</summary>
/// <param name="Question">What to answer; searched in <paramref name="Mode"/> (hybrid by default).</param>
/// <param name="BudgetTokens">The most tokens the prompt (instructions, passages and question) may have; <c>Gateway:Ask:DefaultBudgetTokens</c> when not given.</param>
/// <param name="K">How many chunks the search returns to assemble from; <c>Gateway:Ask:DefaultCandidates</c> when not given.</param>
/// <param name="Mode">hybrid, bm25 or dense.</param>
/// <param name="Tags">Only documents with any of these tags.</param>
/// <param name="AllTags">Only documents with all of these tags.</param>
/// <param name="ContentType">Only documents of these media types.</param>
/// <param name="IdPrefix">Only documents whose id starts so.</param>
/// <param name="UpdatedAfter">Only documents changed after this time (ISO 8601).</param>
/// <param name="Answer">False returns the context without asking the chat model.</param>
public sealed record AskRequest(
    string? Question,
    int? BudgetTokens = null,
    int? K = null,
    string? Mode = null,
    string[]? Tags = null,
    string[]? AllTags = null,
    string[]? ContentType = null,
    string? IdPrefix = null,
    string? UpdatedAfter = null,
    bool? Answer = null);
