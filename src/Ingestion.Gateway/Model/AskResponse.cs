using Ingestion.Gateway.Ask;

namespace Ingestion.Gateway.Model;

/// <summary>
/// The answer of <c>POST /api/ask</c>: the model's answer (or why there is none), the numbered citations the
/// prompt holds, the prompt itself (to send to a model of the caller's own), and what assembly did.
/// </summary>
public sealed record AskResponse(
    string Question,
    AskAnswer Answer,
    IReadOnlyList<AskCitation> Citations,
    IReadOnlyList<PromptMessage> Prompt,
    AskContextReport Context,
    double TookMs);

/// <summary>
/// The model's answer with the numbers of the citations it used, or, with no model configured or asked, a status
/// saying so and a note on what to do.
/// </summary>
public sealed record AskAnswer(
    AnswerStatus Status,
    string? Text,
    string? Model,
    IReadOnlyList<int> CitationsUsed,
    long? InputTokens,
    long? OutputTokens,
    string? Note);

/// <summary>Passage <see cref="Number"/> of the prompt: where its text is (document, version, character offsets, page), which chunks it joins, and its context (the headings above it, a table's header).</summary>
public sealed record AskCitation(
    int Number,
    string DocumentId,
    long Version,
    string Title,
    int StartOffset,
    int EndOffset,
    int? Page,
    IReadOnlyList<string> ChunkIds,
    double Score,
    bool Trimmed,
    string Text,
    string? Context = null);

public sealed record PromptMessage(string Role, string Content);

/// <summary>How the prompt was assembled: its tokens against the budget, and what happened to the search's hits.</summary>
public sealed record AskContextReport(
    int PromptTokens,
    int BudgetTokens,
    string Tokenizer,
    string Mode,
    int Candidates,
    int Passages,
    int MergedChunks,
    int Duplicates,
    int LeftOut);
