using Microsoft.Extensions.AI;

namespace Ingestion.Gateway.Ask;

/// <summary>
/// A prompt ready for a chat model: the messages, the passages they cite by number, and what assembling them did
/// with the search's hits.
/// </summary>
/// <param name="Messages">The system message (instructions) and the user message (passages and question).</param>
/// <param name="Passages">The passages the messages hold, numbered as they are cited.</param>
/// <param name="PromptTokens">The messages' tokens as the chat model counts them (see <see cref="ContextPrompt.Tokens"/>).</param>
/// <param name="BudgetTokens">The budget the prompt was fitted to.</param>
/// <param name="Tokenizer">The encoding the tokens were counted in.</param>
/// <param name="Candidates">Hits the search returned.</param>
/// <param name="MergedChunks">Hits folded into a passage they overlap.</param>
/// <param name="Duplicates">Hits dropped because another document already gave the same text.</param>
/// <param name="LeftOut">Passages that did not fit the budget.</param>
public sealed record AssembledContext(
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<ContextPassage> Passages,
    int PromptTokens,
    int BudgetTokens,
    string Tokenizer,
    int Candidates,
    int MergedChunks,
    int Duplicates,
    int LeftOut);
