namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Refuses Markdown nested deeper than Markdig reads, before it is parsed: Markdig gives up on such input only after
/// work that grows with the square of the depth (a list nested 3,000 levels took a minute), with an exception that
/// would otherwise be retried as if it were transient.
/// </summary>
internal static class MarkdownNesting
{
    /// <summary>Markdig's own limit on nested elements.</summary>
    public const int MaxDepth = 128;

    /// <summary>Columns of indentation that make lists nested past <see cref="MaxDepth"/> (a nested list indents 2 to 4 columns a level).</summary>
    private const int MaxIndent = 2 * MaxDepth;

    /// <summary>The reason the text nests too deeply, or null.</summary>
    public static string? Check(string markdown)
    {
        var lineStart = 0;
        while (lineStart < markdown.Length)
        {
            var indent = 0;
            var quotes = 0;
            var i = lineStart;
            for (; i < markdown.Length && markdown[i] is ' ' or '\t' or '>'; i++)
            {
                indent += markdown[i] == '\t' ? 4 : 1;
                quotes += markdown[i] == '>' ? 1 : 0;
            }

            if (indent > MaxIndent || quotes > MaxDepth)
            {
                return $"The Markdown nests too deeply (a line indented {indent} columns with {quotes} quote markers); this system reads at most {MaxDepth} levels.";
            }

            var next = markdown.IndexOf('\n', i);
            lineStart = next < 0 ? markdown.Length : next + 1;
        }

        return null;
    }
}
