namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// How many formatting elements an HTML parser may rebuild, measured without parsing. HTML's parsing rules keep a list
/// of formatting elements left open (b, i, font, a, …) and rebuild all of them inside every later block before its
/// text: a thousand distinct <c>&lt;b id=…&gt;</c> left open, then a thousand paragraphs, are a million elements from
/// 20 KB, and a few megabytes make billions, while nesting stays shallow. The measure is an upper bound: at every tag
/// and every run of text, the formatting elements opened and not yet closed, whether the parser would rebuild them
/// there or not (a page wrapped in one <c>&lt;font&gt;</c> counts one per tag), at most three of the same name and
/// attributes, as the parser keeps at most three of them.
/// </summary>
internal static class HtmlFormattingWork
{
    /// <summary>The elements HTML's rules keep in the list of active formatting elements.</summary>
    private static readonly HashSet<string> Formatting = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    };

    public static long Of(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var opened = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var copies = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var open = 0L;
        var work = 0L;
        var text = false;
        for (var i = 0; i < html.Length; i++)
        {
            if (html[i] != '<')
            {
                // A run of text: the parser rebuilds the formatting before it.
                if (!text && !char.IsWhiteSpace(html[i]))
                {
                    work += open;
                    text = true;
                }

                continue;
            }

            text = false;
            var closing = i + 1 < html.Length && html[i + 1] == '/';
            var start = closing ? i + 2 : i + 1;
            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (end == start || !char.IsAsciiLetter(html[start]))
            {
                continue;
            }

            var name = html[start..end];
            if (closing)
            {
                // Closes the latest of that name, whatever its attributes.
                if (Formatting.Contains(name) && opened.TryGetValue(name, out var keys) && keys.Count > 0)
                {
                    var key = keys[^1];
                    keys.RemoveAt(keys.Count - 1);
                    open -= --copies[key] < 3 ? 1 : 0;
                }

                continue;
            }

            work += open;
            if (Formatting.Contains(name))
            {
                var close = html.IndexOf('>', end);
                var key = name + " " + (close < 0 ? html[end..] : html[end..close]).Trim();
                if (!opened.TryGetValue(name, out var keys))
                {
                    opened[name] = keys = [];
                }

                keys.Add(key);
                open += copies.GetValueOrDefault(key) < 3 ? 1 : 0;
                copies[key] = copies.GetValueOrDefault(key) + 1;
            }
        }

        return work;
    }
}
