namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Measures how deeply an HTML text nests its elements, without parsing it, as an HTML parser would build the tree.
/// HTML parsers check the open elements at every tag, so a page nested tens of thousands deep costs time that grows
/// with the square of its depth; measuring first lets such a page fail at once with a reason instead of holding a
/// worker for minutes. Rules as the parser's: a start tag opens an element (a self-closing slash closes it only on void
/// elements and inside SVG or MathML); an end tag closes its element and every element opened after it, and is ignored
/// when no such element is open. Elements whose end tags HTML lets one omit (p, li, td, …) are not counted, since the
/// parser closes them at their next sibling.
/// </summary>
internal static class HtmlNesting
{
    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
    };

    private static readonly HashSet<string> ImpliedEnd = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body",
    };

    private static readonly HashSet<string> Foreign = new(StringComparer.OrdinalIgnoreCase) { "svg", "math" };

    public static int MaxDepth(string html)
    {
        var open = new List<string>();
        var openCounts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var foreign = 0;
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
            while (end < html.Length && (char.IsAsciiLetterOrDigit(html[end]) || html[end] is '-' or ':'))
            {
                end++;
            }

            if (end == start || !char.IsAsciiLetter(html[start]))
            {
                continue;
            }

            var close = html.IndexOf('>', end);
            if (close < 0)
            {
                break;
            }

            var name = html[start..end];
            i = close;
            if (Void.Contains(name) || ImpliedEnd.Contains(name))
            {
                continue;
            }

            if (closing)
            {
                // Closes the innermost open element of that name and everything inside it; a stray end tag closes nothing.
                if (openCounts.GetValueOrDefault(name) == 0)
                {
                    continue;
                }

                string popped;
                do
                {
                    popped = open[^1];
                    open.RemoveAt(open.Count - 1);
                    openCounts[popped]--;
                    foreign -= Foreign.Contains(popped) ? 1 : 0;
                }
                while (!string.Equals(popped, name, StringComparison.OrdinalIgnoreCase));

                continue;
            }

            if (html[close - 1] == '/' && foreign > 0)
            {
                continue;
            }

            open.Add(name);
            openCounts[name] = openCounts.GetValueOrDefault(name) + 1;
            foreign += Foreign.Contains(name) ? 1 : 0;
            max = Math.Max(max, open.Count);
        }

        return max;
    }
}
