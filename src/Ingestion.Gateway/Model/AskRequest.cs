using Ingestion.Gateway.Ask;

namespace Ingestion.Gateway.Model;

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
    bool? Answer = null)
{
    /// <summary>The ask this request makes, or null with the problems added to <paramref name="errors"/>.</summary>
    public ValidAsk? Validate(GatewayOptions gateway, ContextAssembler assembler, RequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(assembler);
        ArgumentNullException.ThrowIfNull(errors);
        var limits = gateway.Ask;
        var question = Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            errors.Add("question", "question is required.");
        }
        else if (question.Length > gateway.MaxQueryLength)
        {
            errors.Add("question", $"question must be at most {gateway.MaxQueryLength} characters (Gateway:MaxQueryLength).");
        }

        var budget = BudgetTokens ?? limits.DefaultBudgetTokens;
        if (budget < 1 || budget > limits.MaxBudgetTokens)
        {
            errors.Add("budgetTokens", $"budgetTokens must be between 1 and {limits.MaxBudgetTokens} (Gateway:Ask:MaxBudgetTokens).");
        }
        else if (question is { Length: > 0 } && !errors.Has("question") && assembler.MinimumBudget(question) is var minimum && budget < minimum)
        {
            errors.Add("budgetTokens", $"budgetTokens {budget} cannot hold the instructions, the question and a passage; this question needs at least {minimum}.");
        }

        var k = K ?? limits.DefaultCandidates;
        if (k < 1 || k > limits.MaxCandidates)
        {
            errors.Add("k", $"k must be between 1 and {limits.MaxCandidates} (Gateway:Ask:MaxCandidates).");
        }

        var mode = RequestRules.Mode(Mode, errors);
        var filter = SearchFilters.Parse(Tags, AllTags, ContentType, IdPrefix, UpdatedAfter, errors);
        return errors.Any ? null : new ValidAsk(question!, budget, k, mode, filter, Answer != false);
    }
}
