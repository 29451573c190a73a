namespace Ingestion.Core.Documents.Extraction;

/// <summary>The plain text of a document; chunk offsets point into <see cref="Text"/>.</summary>
/// <param name="Text">The text, blocks (paragraphs, headings, list items) separated by blank lines.</param>
/// <param name="Pages">Where each page begins in <see cref="Text"/>, for formats that have pages (PDF); empty otherwise.</param>
public sealed record ExtractedText(string Text, IReadOnlyList<PageStart>? Pages = null)
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
