using System.Text.RegularExpressions;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Takes out of an e-mail's text what it quotes from earlier mails: lines quoted with <c>&gt;</c> with the attribution
/// line before them ("On … wrote:"), and everything after an Outlook-style "-----Original Message-----" divider. A
/// thread's mails each hold their own words once, instead of every reply repeating (and ranking for) its parents'.
/// </summary>
internal static partial class QuotedReplies
{
    public static string Collapse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>(lines.Length);
        foreach (var line in lines)
        {
            var trimmed = line.TrimStart();
            if (OriginalMessage().IsMatch(trimmed))
            {
                break;
            }

            if (trimmed.StartsWith('>'))
            {
                // The attribution just before a quote goes with it (blank lines between them too).
                var last = kept.FindLastIndex(l => l.Trim().Length > 0);
                if (last >= 0 && Attribution().IsMatch(kept[last].Trim()))
                {
                    kept.RemoveRange(last, kept.Count - last);
                }

                continue;
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
