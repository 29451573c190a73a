using System.Text.RegularExpressions;

namespace Ingestion.Gateway.Judgments;

/// <summary>What a judgment set may be called, and the two sets the system fills itself.</summary>
public static partial class JudgmentSetNames
{
    /// <summary>Grades and thumbs that callers give hits (<c>POST /api/feedback</c>).</summary>
    public const string Feedback = "feedback";

    /// <summary>The documents a chat model cited in an answer to an ask: evidence that they were of use.</summary>
    public const string Citations = "citations";

    public static bool IsReserved(string name) => name is Feedback or Citations;

    /// <summary>Letters, digits, '.', '_' and '-', at most 64: a name that is safe in a URL, a file and a log.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
