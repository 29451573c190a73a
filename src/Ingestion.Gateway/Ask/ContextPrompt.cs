using System.Globalization;
using Microsoft.Extensions.AI;

namespace Ingestion.Gateway.Ask;

/// <summary>
/// The shape of a grounded prompt: instructions as the system message, then the numbered passages and the question
/// as the user message. Each passage is headed by its number and where it comes from, which is what the model is
/// asked to cite.
/// </summary>
public static class ContextPrompt
{
    public const string Instructions =
        "Answer the question using only the numbered passages in the context. After each statement, cite the passages " +
        "that support it by their numbers in square brackets, such as [1] or [2][3]. If the passages do not contain " +
        "the answer, say that you do not know.";

    private const string ContextHeading = "Context:";
    private const string QuestionHeading = "Question: ";
    private const string Separator = "\n\n";

    /// <summary>
    /// Tokens a chat model bills for <paramref name="messages"/>: each message's role and content plus three tokens of
    /// framing per message and three that prime the reply, as OpenAI documents the count for its chat models.
    /// </summary>
    public static int Tokens(ITokenCounter counter, IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(counter);
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Sum(m => 3 + counter.Count(m.Role.Value) + counter.Count(m.Text)) + 3;
    }

    public static IReadOnlyList<ChatMessage> Messages(string question, IEnumerable<ContextPassage> passages) =>
    [
        new(ChatRole.System, Instructions),
        new(ChatRole.User, UserMessage(question, passages.Select(Block))),
    ];

    /// <summary>
    /// One passage as the model reads it: <c>[n] Title (document, characters a–b, page p)</c>, then its context (the
    /// headings above it, a table's header), then its text; the title only where it is not the id.
    /// </summary>
    public static string Block(ContextPassage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var source = string.Create(CultureInfo.InvariantCulture, $"{passage.DocumentId}, characters {passage.StartOffset}–{passage.EndOffset}");
        if (passage.Page is { } page)
        {
            source += string.Create(CultureInfo.InvariantCulture, $", page {page}");
        }

        // A document without a title of its own has its id as title; saying it twice costs tokens and tells nothing.
        var title = string.IsNullOrWhiteSpace(passage.Title) || passage.Title.Trim() == passage.DocumentId ? string.Empty : passage.Title.Trim() + " ";
        var context = string.IsNullOrWhiteSpace(passage.Context) ? string.Empty : passage.Context.Trim() + "\n";
        return string.Create(CultureInfo.InvariantCulture, $"[{passage.Number}] {title}({source})\n{context}{passage.Text}");
    }

    /// <summary>The user message without passages: what every prompt for this question costs.</summary>
    internal static string UserMessage(string question, IEnumerable<string> blocks)
    {
        var context = string.Join(Separator, blocks);
        return ContextHeading + Separator + (context.Length > 0 ? context + Separator : string.Empty) + QuestionHeading + question;
    }

    /// <summary>Tokens one more block adds to the user message: its own and its separator's.</summary>
    internal static int BlockTokens(ITokenCounter counter, ContextPassage passage) => counter.Count(Block(passage)) + counter.Count(Separator);
}
