namespace Ingestion.Core.Extraction;

/// <summary>
/// Measures how deeply an HTML text nests its elements, without parsing it. HTML parsers check the open
/// elements at every tag, so a page nested tens of thousands deep costs time that grows with the square of
/// its depth; measuring first lets such a page fail at once with a reason instead of holding a worker for
/// minutes. Void elements, self-closed tags and elements whose end tags HTML lets one omit (p, li, td, …)
/// are not counted, so ordinary pages measure their real structure.
/// </summary>
internal static class HtmlNesting
{
    private static readonly HashSet<string> NotCounted = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
        "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body",
    };

    public static int MaxDepth(string html)
    {
        var depth = 0;
        var max = 0;
        for (var i = 0; i < html.Length - 1; i++)
        {
            if (html[i] != '<')
            {
                continue;
            }

            var closing = html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end == start || !char.IsAsciiLetter(html[start]) || NotCounted.Contains(html[start..end]))
            {
                continue;
            }

            var close = html.IndexOf('>', end);
            if (close < 0)
            {
                break;
            }

            if (closing)
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (html[close - 1] != '/')
            {
                max = Math.Max(max, ++depth);
            }

            i = close;
        }

        return max;
    }
}
