using System.ComponentModel;
using Ingestion.Client.Model;
using Microsoft.Extensions.AI;

namespace Ingestion.Client.AI;

/// <summary>
/// The corpus as tools for any <see cref="IChatClient"/> (and agents built on one): <c>search</c> and
/// <c>get_context</c>, answered by the gateway as the client's caller, so a model sees only what that caller may read.
/// </summary>
public static class IngestionAIFunctions
{
    /// <summary>The tools <c>search</c> and <c>get_context</c> over <paramref name="client"/>.</summary>
    public static IReadOnlyList<AIFunction> AsAIFunctions(this IngestionClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return
        [
            AIFunctionFactory.Create(
                async ([Description("What to look for: a question, a phrase or keywords.")] string query,
                       [Description("How many passages (default 10).")] int? k = null,
                       CancellationToken cancellationToken = default) =>
                {
                    var answer = await client.SearchAsync(new SearchRequest(query) { K = k, Highlight = false }, cancellationToken);
                    return answer.Hits.Select(h => new Passage(h.DocumentId, h.Version, h.Title, h.StartOffset, h.EndOffset, h.Page, h.Text)).ToList();
                },
                "search",
                "Searches the document collection and returns the best matching passages, best first, each with its document, offsets and text."),
            AIFunctionFactory.Create(
                async ([Description("The question to answer.")] string question,
                       [Description("The most tokens the passages may take; the server's default when not given.")] int? budgetTokens = null,
                       CancellationToken cancellationToken = default) =>
                {
                    var answer = await client.AskAsync(new AskRequest(question) { BudgetTokens = budgetTokens, Answer = false }, cancellationToken);
                    return answer.Citations.Select(c => new NumberedPassage(c.Number, c.DocumentId, c.Version, c.Title, c.StartOffset, c.EndOffset, c.Page, c.Text)).ToList();
                },
                "get_context",
                "Finds the passages that best answer a question within a token budget, numbered [1], [2], ...; answer from them and cite them by number."),
        ];
    }

    /// <summary>A passage as a model reads it.</summary>
    public sealed record Passage(string DocumentId, long Version, string Title, int StartOffset, int EndOffset, int? Page, string Text);

    /// <summary>A numbered passage of a context, cited by its number.</summary>
    public sealed record NumberedPassage(int Number, string DocumentId, long Version, string Title, int StartOffset, int EndOffset, int? Page, string Text);
}
