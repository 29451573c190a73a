using Ingestion.Index;
using Ingestion.Core.Embeddings;
using Ingestion.Gateway.Search;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Security;

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
    /// <summary>The ask this request makes, or the problems with it, each under its field's name.</summary>
    public (ValidAsk? Ask, Dictionary<string, string[]> Errors) Validate(GatewayOptions gateway, ContextAssembler assembler)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(assembler);
        var limits = gateway.Ask;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var question = Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            errors["question"] = ["question is required."];
        }
        else if (question.Length > gateway.MaxQueryLength)
        {
            errors["question"] = [$"question must be at most {gateway.MaxQueryLength} characters (Gateway:MaxQueryLength)."];
        }

        var budget = BudgetTokens ?? limits.DefaultBudgetTokens;
        if (budget < 1 || budget > limits.MaxBudgetTokens)
        {
            errors["budgetTokens"] = [$"budgetTokens must be between 1 and {limits.MaxBudgetTokens} (Gateway:Ask:MaxBudgetTokens)."];
        }
        else if (question is { Length: > 0 } && !errors.ContainsKey("question") && assembler.MinimumBudget(question) is var minimum && budget < minimum)
        {
            errors["budgetTokens"] = [$"budgetTokens {budget} cannot hold the instructions, the question and a passage; this question needs at least {minimum}."];
        }

        var k = K ?? limits.DefaultCandidates;
        if (k < 1 || k > limits.MaxCandidates)
        {
            errors["k"] = [$"k must be between 1 and {limits.MaxCandidates} (Gateway:Ask:MaxCandidates)."];
        }

        var mode = SearchMode.Hybrid;
        if (Mode is not null && !SearchModeText.TryParse(Mode, out mode))
        {
            errors["mode"] = [$"mode '{Mode}' is unknown; use hybrid, bm25 or dense."];
        }

        var filter = SearchFilters.Parse(Tags, AllTags, ContentType, IdPrefix, UpdatedAfter, errors);
        return errors.Count > 0 ? (null, errors) : (new ValidAsk(question!, budget, k, mode, filter, Answer != false), errors);
    }
}

/// <summary>An ask whose fields passed validation.</summary>
public sealed record ValidAsk(string Question, int BudgetTokens, int Candidates, SearchMode Mode, SearchFilter Filter, bool Answer);
