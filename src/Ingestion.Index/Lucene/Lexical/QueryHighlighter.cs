using System.Net;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Ingestion.Index.Lucene.Lexical;

/// <summary>Where the query's terms occur in a chunk, as character ranges of the chunk text.</summary>
public sealed record TextRange(int Start, int End);

/// <summary>A chunk's highlighted passage: HTML-escaped text with each query term in <c>&lt;mark&gt;</c>, and the ranges marked.</summary>
public sealed record Highlight(string Snippet, IReadOnlyList<TextRange> Matches);

/// <summary>
/// Marks the query's terms in chunk text as BM25 matched them: both are analysed with the index's English analyser,
/// so "launches" in a query marks "launch" and "launched" in the text. The snippet is a window of the chunk around
/// its densest run of matches, cut at word boundaries, escaped for HTML so it can be shown as is.
/// </summary>
public sealed class QueryHighlighter : IDisposable
{
    /// <summary>How far a snippet's edge moves to reach a word boundary; past it the word is cut.</summary>
    private const int MaxWidening = 32;

    private readonly Analyzer _analyzer = LuceneSchema.CreateAnalyzer();

    public Highlight Highlight(string query, string text, int snippetLength = 240)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(text);
        var terms = Terms(query).Select(t => t.Term).ToHashSet(StringComparer.Ordinal);
        var matches = terms.Count == 0 ? [] : Terms(text).Where(t => terms.Contains(t.Term)).Select(t => t.Range).ToList();
        var (start, end) = Window(text, matches, snippetLength);

        var snippet = new StringBuilder();
        if (start > 0)
        {
            snippet.Append('…');
        }

        var at = start;
        foreach (var match in matches.Where(m => m.Start >= start && m.End <= end))
        {
            snippet.Append(WebUtility.HtmlEncode(text[at..match.Start])).Append("<mark>").Append(WebUtility.HtmlEncode(text[match.Start..match.End])).Append("</mark>");
            at = match.End;
        }

        snippet.Append(WebUtility.HtmlEncode(text[at..end]));
        if (end < text.Length)
        {
            snippet.Append('…');
        }

        return new Highlight(snippet.ToString(), matches);
    }

    public void Dispose() => _analyzer.Dispose();

    /// <summary>
    /// The window of about <paramref name="length"/> characters holding the most matches, widened to word boundaries
    /// by at most <see cref="MaxWidening"/> characters each side (a word of megabytes is cut rather than shown whole).
    /// Matches come in text order, so two indexes sweep them once.
    /// </summary>
    private static (int Start, int End) Window(string text, List<TextRange> matches, int length)
    {
        if (text.Length <= length)
        {
            return (0, text.Length);
        }

        var bestStart = 0;
        var bestCount = 0;
        for (int first = 0, last = 0; first < matches.Count; first++)
        {
            last = Math.Max(last, first);
            while (last < matches.Count && matches[last].End - matches[first].Start <= length)
            {
                last++;
            }

            if (last - first > bestCount)
            {
                (bestStart, bestCount) = (Math.Max(0, matches[first].Start - (length / 6)), last - first);
            }
        }

        var start = bestStart;
        for (var widened = 0; start > 0 && !char.IsWhiteSpace(text[start - 1]) && widened < MaxWidening; widened++)
        {
            start--;
        }

        var end = Math.Min(text.Length, start + length);
        for (var widened = 0; end < text.Length && !char.IsWhiteSpace(text[end]) && widened < MaxWidening; widened++)
        {
            end++;
        }

        return (start, end);
    }

    private List<(string Term, TextRange Range)> Terms(string text)
    {
        var found = new List<(string, TextRange)>();
        using var stream = _analyzer.GetTokenStream(LuceneSchema.Text, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            found.Add((term.ToString(), new TextRange(offset.StartOffset, offset.EndOffset)));
        }

        stream.End();
        return found;
    }
}
