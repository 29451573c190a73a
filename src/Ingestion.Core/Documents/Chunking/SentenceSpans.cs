namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// Where the sentences of a paragraph are: a sentence ends at a run of <c>. ! ?</c>, with any closing quotes or
/// brackets after it, that is followed by white space or the end. One pass over the text, each character looked at
/// a bounded number of times: a regular expression for the same rule backtracks (a million "!" followed by a letter
/// took time growing with the square of the length).
/// </summary>
internal static class SentenceSpans
{
    public static IEnumerable<(int Start, int Length)> Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = SkipWhiteSpace(text, 0);
        var i = start;
        while (i < text.Length)
        {
            if (!IsTerminal(text[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end < text.Length && IsTerminal(text[end]))
            {
                end++;
            }

            while (end < text.Length && IsClosing(text[end]))
            {
                end++;
            }

            if (end == text.Length || char.IsWhiteSpace(text[end]))
            {
                yield return (start, end - start);
                start = SkipWhiteSpace(text, end);
                i = start;
            }
            else
            {
                // Not a sentence end ("3.14", "e.g.x"): go on after the run, never back into it.
                i = end;
            }
        }

        if (start < text.Length)
        {
            yield return (start, text.Length - start);
        }
    }

    private static bool IsTerminal(char c) => c is '.' or '!' or '?';

    private static bool IsClosing(char c) => c is '"' or '\'' or ')' or ']';

    private static int SkipWhiteSpace(string text, int from)
    {
        while (from < text.Length && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        return from;
    }
}
