using System.Text.RegularExpressions;
using Ingestion.Core.Documents.Extraction;

namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// Splits text into chunks within a token budget and a character budget (white space between words counts), keeping
/// paragraphs, sentences and table rows whole where they fit and repeating the last sentences of a chunk at the start of the next. The same text and
/// options always give the same chunks.
/// </summary>
public sealed partial class TextChunker(Func<string, int> countTokens, ChunkingOptions options)
{
    private readonly int _maxChars = options.EffectiveMaxChars;

    /// <summary>The chunks of <paramref name="text"/>; <paramref name="cancellationToken"/> is looked at between paragraphs and chunks.</summary>
    public IReadOnlyList<TextChunk> Split(string text, CancellationToken cancellationToken = default) => Split(text, null, cancellationToken);

    /// <summary>
    /// The chunks of <paramref name="text"/>, each with its context (<see cref="TextChunk.Context"/>): the path of
    /// <paramref name="headings"/> above it, and a continued table's header row.
    /// </summary>
    public IReadOnlyList<TextChunk> Split(string text, IReadOnlyList<Extraction.HeadingStart>? headings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var context = new ChunkContext(text, headings);
        var units = SplitIntoUnits(text, cancellationToken);
        var chunks = new List<TextChunk>();
        var current = new List<Unit>();
        var currentTokens = 0;

        for (var i = 0; i < units.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var unit = units[i];
            var startsParagraph = i == 0 || units[i - 1].Paragraph != unit.Paragraph;
            var paragraphTokens = startsParagraph ? ParagraphTokens(units, i) : 0;

            // A paragraph that would fit a chunk of its own starts a new chunk rather than being cut.
            var paragraphWouldBeCut = startsParagraph && currentTokens + paragraphTokens > options.MaxTokens && paragraphTokens <= options.MaxTokens;
            var charsWouldOverflow = current.Count > 0 && unit.End - current[0].Start > _maxChars;
            if (current.Count > 0 && (currentTokens + unit.Tokens > options.MaxTokens || paragraphWouldBeCut || charsWouldOverflow))
            {
                // A table that starts a chunk takes the short paragraph just before it (its caption, or the sentence
                // that says what it holds) along, out of the chunk before, so the table's first chunk says what it is.
                var leadIn = startsParagraph && unit.Row ? LeadIn(current, unit) : 0;
                if (leadIn > 0 && leadIn < current.Count)
                {
                    var moved = current.GetRange(current.Count - leadIn, leadIn);
                    chunks.Add(ToChunk(text, context, chunks.Count, current[..^leadIn]));
                    current = moved;
                }
                else if (leadIn == 0 || charsWouldOverflow || currentTokens + unit.Tokens > options.MaxTokens)
                {
                    chunks.Add(ToChunk(text, context, chunks.Count, current));
                    current = Overlap(current, unit);
                }

                currentTokens = current.Sum(u => u.Tokens);
            }

            current.Add(unit);
            currentTokens += unit.Tokens;
        }

        if (current.Count > 0)
        {
            chunks.Add(ToChunk(text, context, chunks.Count, current));
        }

        return chunks;
    }

    private List<Unit> Overlap(List<Unit> previous, Unit next)
    {
        var carried = new List<Unit>();
        var tokens = 0;
        for (var i = previous.Count - 1; i > 0; i--)
        {
            var unit = previous[i];
            if (tokens + unit.Tokens > options.OverlapTokens || tokens + unit.Tokens + next.Tokens > options.MaxTokens || next.End - unit.Start > _maxChars)
            {
                break;
            }

            carried.Insert(0, unit);
            tokens += unit.Tokens;
        }

        return carried;
    }

    /// <summary>
    /// How many units at the end of <paramref name="current"/> make the paragraph before a table's first row, when it
    /// is text (not another table), short (a quarter of the budget at most) and fits a chunk with that row; else 0.
    /// </summary>
    private int LeadIn(List<Unit> current, Unit firstRow)
    {
        var paragraph = current[^1].Paragraph;
        var count = 0;
        var tokens = 0;
        for (var i = current.Count - 1; i >= 0 && current[i].Paragraph == paragraph; i--)
        {
            count++;
            tokens += current[i].Tokens;
        }

        var fits = tokens <= options.MaxTokens / 4 && tokens + firstRow.Tokens <= options.MaxTokens && firstRow.End - current[^count].Start <= _maxChars;
        return !current[^1].Row && fits ? count : 0;
    }

    private static int ParagraphTokens(List<Unit> units, int first)
    {
        var tokens = 0;
        for (var i = first; i < units.Count && units[i].Paragraph == units[first].Paragraph; i++)
        {
            tokens += units[i].Tokens;
        }

        return tokens;
    }

    private static TextChunk ToChunk(string text, ChunkContext context, int ordinal, List<Unit> units)
    {
        var start = units[0].Start;
        var end = units[^1].End;
        // A chunk that starts inside a table, below its header and separator, is given them.
        var header = units[0].Row && start >= units[0].HeaderEnd ? text[units[0].HeaderStart..units[0].HeaderEnd] : null;
        return new TextChunk(ordinal, text[start..end], start, end, units.Sum(u => u.Tokens), context.At(start, header));
    }

    /// <summary>Sentences with their paragraph number; a sentence over either budget is cut at word boundaries.</summary>
    private List<Unit> SplitIntoUnits(string text, CancellationToken cancellationToken)
    {
        var units = new List<Unit>();
        var paragraph = 0;
        foreach (Match block in ParagraphPattern().Matches(text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A table's units are its rows, so a chunk boundary falls between rows, never inside one.
            var table = MarkdownTable.IsTable(block.ValueSpan);
            // A table's header and separator are its first two lines.
            var (headerStart, headerEnd) = table ? (block.Index, block.Index + HeaderLength(block.Value)) : (0, 0);
            foreach (var (offset, length) in table ? Rows(block.Value) : SentenceSpans.Of(block.Value))
            {
                var start = block.Index + offset;
                var value = block.Value.Substring(offset, length).TrimEnd();
                if (value.Length == 0)
                {
                    continue;
                }

                var tokens = value.Length <= _maxChars ? countTokens(value) : 0;
                if (value.Length <= _maxChars && tokens <= options.MaxTokens)
                {
                    units.Add(new Unit(start, start + value.Length, tokens, paragraph, table, headerStart, headerEnd));
                }
                else
                {
                    units.AddRange(SplitLongSentence(value, start, paragraph));
                }
            }

            paragraph++;
        }

        return units;
    }

    private static int HeaderLength(string table)
    {
        var first = table.IndexOf('\n', StringComparison.Ordinal);
        var second = first < 0 ? -1 : table.IndexOf('\n', first + 1);
        return second < 0 ? table.Length : second;
    }

    /// <summary>A table's header with its separator as one unit (a header never ends a chunk alone), then each row.</summary>
    private static IEnumerable<(int Start, int Length)> Rows(string block)
    {
        var header = HeaderLength(block);
        yield return (0, header);
        for (var start = header + 1; start < block.Length;)
        {
            var end = block.IndexOf('\n', start);
            end = end < 0 ? block.Length : end;
            yield return (start, end - start);
            start = end + 1;
        }
    }

    private IEnumerable<Unit> SplitLongSentence(string sentence, int offset, int paragraph)
    {
        // Word pieces never join across white space, so a run of words costs the sum of its words.
        var first = -1;
        var last = -1;
        var tokens = 0;
        foreach (Match word in WordPattern().Matches(sentence))
        {
            // A word over the character budget is not counted: the tokenizer's cost grows with it, and it is cut anyway.
            var overBudget = word.Length > _maxChars;
            var wordTokens = overBudget ? 0 : countTokens(word.Value);
            if (first >= 0 && (overBudget || tokens + wordTokens > options.MaxTokens || word.Index + word.Length - first > _maxChars))
            {
                yield return new Unit(offset + first, offset + last, tokens, paragraph);
                first = -1;
                tokens = 0;
            }

            if (overBudget || wordTokens > options.MaxTokens)
            {
                // One "word" over either budget (a long URL, a formula, a base64 blob) is cut into pieces that fit, none lost.
                foreach (var piece in SplitLongWord(word.Value))
                {
                    yield return new Unit(offset + word.Index + piece.Start, offset + word.Index + piece.End, piece.Tokens, paragraph);
                }

                continue;
            }

            if (first < 0)
            {
                first = word.Index;
            }

            last = word.Index + word.Length;
            tokens += wordTokens;
        }

        if (first >= 0)
        {
            yield return new Unit(offset + first, offset + last, tokens, paragraph);
        }
    }

    /// <summary>The longest prefixes of <paramref name="word"/> that fit both budgets, one after another (found by bisection).</summary>
    private IEnumerable<(int Start, int End, int Tokens)> SplitLongWord(string word)
    {
        for (var start = 0; start < word.Length;)
        {
            var fits = start + 1;
            for (int low = start + 1, high = Math.Min(word.Length, start + _maxChars); low <= high;)
            {
                var middle = low + ((high - low) / 2);
                if (countTokens(word[start..middle]) <= options.MaxTokens)
                {
                    fits = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            if (fits < word.Length && char.IsHighSurrogate(word[fits - 1]))
            {
                // Never between the halves of a surrogate pair.
                fits = fits - 1 > start ? fits - 1 : fits + 1;
            }

            yield return (start, fits, countTokens(word[start..fits]));
            start = fits;
        }
    }

    [GeneratedRegex(@"\S(?:.|\n(?!\s*\n))*", RegexOptions.CultureInvariant)]
    private static partial Regex ParagraphPattern();

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    /// <summary>
    /// A sentence, a piece of one, or a table's row (<paramref name="Row"/>, with where its table's header and
    /// separator lie), with its paragraph's number.
    /// </summary>
    private readonly record struct Unit(int Start, int End, int Tokens, int Paragraph, bool Row = false, int HeaderStart = 0, int HeaderEnd = 0);
}
