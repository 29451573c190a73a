using System.Text.RegularExpressions;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Takes out of an e-mail's text what it quotes from earlier mails: lines quoted with <c>&gt;</c> with the attribution
/// line before them ("On … wrote:"), and everything after an Outlook-style "-----Original Message-----" divider. A
/// thread's mails each hold their own words once, instead of every reply repeating (and ranking for) its parents'.
/// </summary>
internal static partial class QuotedReplies
{
    public static string Collapse(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>(lines.Length);
        // The kept lines that are not blank, and whether each is an attribution: a quote looks at the last of them,
        // so a mail of a million blank lines and a million quoted ones is read once, not a million times.
        var written = new Stack<(int Index, bool Attribution)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var line = lines[i];
            var trimmed = line.AsSpan().TrimStart();
            if (OriginalMessage().IsMatch(trimmed))
            {
                break;
            }

            if (trimmed.StartsWith('>'))
            {
                // The attribution just before a quote goes with it (blank lines between them too).
                if (written.TryPeek(out var last) && last.Attribution)
                {
                    kept.RemoveRange(last.Index, kept.Count - last.Index);
                    written.Pop();
                }

                continue;
            }

            if (!trimmed.IsWhiteSpace())
            {
                written.Push((kept.Count, Attribution().IsMatch(trimmed.TrimEnd())));
            }

            kept.Add(line);
        }

        return string.Join('\n', kept).Trim();
    }

    [GeneratedRegex(@"^-{2,}\s*Original Message\s*-{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^On\b.{0,300}\bwrote:$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Attribution();
}
