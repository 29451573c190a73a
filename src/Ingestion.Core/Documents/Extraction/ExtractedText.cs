namespace Ingestion.Core.Documents.Extraction;

/// <summary>The plain text of a document; chunk offsets point into <see cref="Text"/>.</summary>
/// <param name="Text">The text, blocks (paragraphs, headings, list items) separated by blank lines.</param>
/// <param name="Pages">Where each page begins in <see cref="Text"/>, for formats that have pages (PDF); empty otherwise.</param>
/// <param name="Headings">The document's headings where they begin in <see cref="Text"/>, in order, for formats that have them.</param>
public sealed record ExtractedText(string Text, IReadOnlyList<PageStart>? Pages = null, IReadOnlyList<HeadingStart>? Headings = null)
{
    /// <summary>
    /// The most characters a document's text may have (32 Mi, 64 MiB in memory): well above what
    /// <c>Worker:MaxChunksPerDocument</c> chunks hold, and a bound that no small file can multiply its way past (a
    /// spreadsheet's one string shown in a million cells, a ragged table padded to its widest row).
    /// </summary>
    public const int MaxChars = 32 * 1024 * 1024;

    /// <summary>Throws when <paramref name="chars"/> characters of <paramref name="what"/> are more than <see cref="MaxChars"/>.</summary>
    internal static void CheckLength(long chars, string what)
    {
        if (chars > MaxChars)
        {
            throw new ExtractionException($"{what} would be more than the {MaxChars} characters a document's text may have; split the document.");
        }
    }

    /// <summary>The page that holds the character at <paramref name="offset"/>, or null when the format has no pages.</summary>
    public int? PageAt(int offset)
    {
        if (Pages is not { Count: > 0 } pages)
        {
            return null;
        }

        var page = pages[0].Number;
        foreach (var start in pages)
        {
            if (start.Offset > offset)
            {
                break;
            }

            page = start.Number;
        }

        return page;
    }
}

/// <summary>Page <see cref="Number"/> (from 1) begins at <see cref="Offset"/> of the extracted text.</summary>
public sealed record PageStart(int Number, int Offset);

/// <summary>A heading of level <see cref="Level"/> (1 the highest; 0 a document's title) begins at <see cref="Offset"/>.</summary>
public sealed record HeadingStart(int Offset, int Level, string Text);
