using Ingestion.Gateway.Search;
namespace Ingestion.Gateway.Ask;

/// <summary>
/// Fits the best passages of a search into a token budget: hits become passages (overlaps merged, verbatim
/// duplicates dropped), passages are taken in rank order while they fit, the first that does not is trimmed to
/// what is left (keeping its best chunk's text), and the finished prompt is counted again so it never exceeds
/// the budget.
/// </summary>
public sealed class ContextAssembler(ITokenCounter counter)
{
    /// <summary>A passage trimmed below this many tokens says too little to be worth its heading.</summary>
    public const int MinimumPassageTokens = 32;

    public string Tokenizer => counter.Encoding;

    /// <summary>The smallest budget that holds the instructions, <paramref name="question"/> and one short passage.</summary>
    public int MinimumBudget(string question) => FixedTokens(question) + MinimumPassageTokens;

    public AssembledContext Assemble(string question, IReadOnlyList<FusedHit> hits, int budgetTokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(hits);
        var fixedTokens = FixedTokens(question);
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetTokens, fixedTokens + MinimumPassageTokens);

        var (drafts, merged, duplicates) = PassageCollector.Collect(hits);
        var passages = new List<ContextPassage>();
        var remaining = budgetTokens - fixedTokens;
        foreach (var draft in drafts)
        {
            var whole = Whole(draft, passages.Count + 1);
            var cost = ContextPrompt.BlockTokens(counter, whole);
            if (cost <= remaining)
            {
                passages.Add(whole);
                remaining -= cost;
                continue;
            }

            if (remaining >= MinimumPassageTokens && Trim(whole, draft.AnchorStart, remaining) is { } trimmed)
            {
                passages.Add(trimmed);
            }

            break;
        }

        // Tokens do not always add up across block boundaries; the finished prompt is what must fit.
        var messages = ContextPrompt.Messages(question, passages);
        var tokens = ContextPrompt.Tokens(counter, messages);
        while (tokens > budgetTokens && passages.Count > 0)
        {
            var last = passages[^1];
            passages.RemoveAt(passages.Count - 1);
            var allowance = ContextPrompt.BlockTokens(counter, last) - (tokens - budgetTokens);
            if (allowance >= MinimumPassageTokens && Trim(last, last.StartOffset, allowance) is { } shorter && shorter.Text.Length < last.Text.Length)
            {
                passages.Add(shorter);
            }

            messages = ContextPrompt.Messages(question, passages);
            tokens = ContextPrompt.Tokens(counter, messages);
        }

        return new AssembledContext(messages, passages, tokens, budgetTokens, counter.Encoding, hits.Count, merged, duplicates, drafts.Count - passages.Count);
    }

    /// <summary>The instructions, the headings and the question: the prompt with no passage in it.</summary>
    private int FixedTokens(string question) => ContextPrompt.Tokens(counter, ContextPrompt.Messages(question, []));

    private static ContextPassage Whole(PassageDraft draft, int number) => new(
        number, draft.DocumentId, draft.Version, draft.Title, draft.Text, draft.Start, draft.End, draft.Page, [.. draft.ChunkIds], draft.Score, Trimmed: false, draft.Context);

    /// <summary>
    /// The passage cut to fit <paramref name="blockTokens"/> (heading included), starting at <paramref name="from"/>
    /// and ending after a whole word; null when nothing of use is left.
    /// </summary>
    private ContextPassage? Trim(ContextPassage passage, int from, int blockTokens)
    {
        var heading = ContextPrompt.BlockTokens(counter, passage with { Text = string.Empty });
        // Two tokens of slack: the trimmed offsets in the heading may be written with other digits.
        var text = counter.Prefix(passage.Text[(from - passage.StartOffset)..], blockTokens - heading - 2);
        return text.Length == 0
            ? null
            : passage with { Text = text, StartOffset = from, EndOffset = from + text.Length, Trimmed = true };
    }
}
