namespace Ingestion.Core.Documents.Extraction;

/// <summary>The plain text of a document; chunk offsets point into <see cref="Text"/>.</summary>
/// <param name="Text">The text, blocks (paragraphs, headings, list items) separated by blank lines.</param>
/// <param name="Pages">Where each page begins in <see cref="Text"/>, for formats that have pages (PDF); empty otherwise.</param>
/// <param name="Headings">The document's headings where they begin in <see cref="Text"/>, in order, for formats that have them.</param>
public sealed record ExtractedText(string Text, IReadOnlyList<PageStart>? Pages = null, IReadOnlyList<HeadingStart>? Headings = null)
{
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
