using System.Text.RegularExpressions;

namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// What the encoder is given for a chunk: its document's title, then its context (the headings above it, a continued
/// table's header), then its text, with every run of white space folded to one space. A chunk cut from the middle of
/// a document rarely names its subject, and the title does: documents are encoded as title plus text in the
/// benchmarks these models were measured on (BEIR, MTEB), and so are chunks here.
/// A title that is only the document's id (the gateway's default when none is given) is left out.
/// </summary>
public static partial class EmbeddingText
{
    /// <summary>Characters of the title kept: a title is a heading, not a second chunk (a 1 KB title would crowd out the text).</summary>
    public const int MaxTitleCharacters = 200;

    /// <param name="documentId">The document's id (a title equal to it is left out).</param>
    /// <param name="title">The document's title.</param>
    /// <param name="chunkText">The chunk's text.</param>
    /// <param name="context">The chunk's context (<see cref="TextChunk.Context"/>), put between the title and the text.</param>
    public static string Of(string documentId, string? title, string chunkText, string? context = null)
    {
        ArgumentNullException.ThrowIfNull(chunkText);
        var text = Whitespace().Replace(string.IsNullOrWhiteSpace(context) ? chunkText : context + " " + chunkText, " ").Trim();
        if (string.IsNullOrWhiteSpace(title) || string.Equals(title, documentId, StringComparison.Ordinal))
        {
            return text;
        }

        var heading = Whitespace().Replace(title, " ").Trim();
        return (heading.Length > MaxTitleCharacters ? heading[..MaxTitleCharacters] : heading) + " " + text;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
