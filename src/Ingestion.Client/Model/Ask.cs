namespace Ingestion.Client.Model;

/// <summary>
/// A question (<c>POST /api/ask</c>): the passages that answer it fitted into a token budget and numbered, and an
/// answer from the gateway's chat model when it has one and <see cref="Answer"/> is not false.
/// </summary>
public sealed record AskRequest(string Question)
{
    public int? BudgetTokens { get; init; }

    /// <summary>How many chunks the search returns to assemble from.</summary>
    public int? K { get; init; }

    public SearchMode? Mode { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public IReadOnlyList<string>? AllTags { get; init; }

    public IReadOnlyList<string>? ContentType { get; init; }

    public string? IdPrefix { get; init; }

    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>False returns the context without asking the chat model.</summary>
    public bool? Answer { get; init; }
}

/// <summary>Whether the chat model answered.</summary>
public enum AnswerStatus
{
    /// <summary>The chat model answered from the context.</summary>
    Answered,

    /// <summary>No chat model is configured; the context is returned for the caller's own model.</summary>
    NotConfigured,

    /// <summary>The caller asked for the context only.</summary>
    NotRequested,
}

/// <summary>
/// The chat model's answer with the numbers of the citations it used and its token counts, or, with no model
/// configured or asked, a status saying so and a note on what to do.
/// </summary>
public sealed record AskAnswer(AnswerStatus Status, string? Text, string? Model, IReadOnlyList<int> CitationsUsed, long? InputTokens, long? OutputTokens, string? Note);

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

/// <summary>One message of the prompt: its role (<c>system</c>, <c>user</c>) and its text.</summary>
public sealed record PromptMessage(string Role, string Content);

/// <summary>How the prompt was assembled: its tokens against the budget, and what happened to the search's hits.</summary>
public sealed record AskContextReport(int PromptTokens, int BudgetTokens, string Tokenizer, string Mode, int Candidates, int Passages, int MergedChunks, int Duplicates, int LeftOut);

/// <summary>
/// The answer of <c>POST /api/ask</c>: the model's answer (or why there is none), the numbered citations the prompt
/// holds, the prompt itself (to send to a model of the caller's own), and what assembly did.
/// </summary>
public sealed record AskResponse(string Question, AskAnswer Answer, IReadOnlyList<AskCitation> Citations, IReadOnlyList<PromptMessage> Prompt, AskContextReport Context, double TookMs);
