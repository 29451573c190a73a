using System.Text.RegularExpressions;

namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// What the encoder is given for a chunk: its document's title, then its text, with every run of white space folded to
/// one space. A chunk cut from the middle of a document rarely names its subject, and the title does: documents are
/// encoded as title plus text in the benchmarks these models were measured on (BEIR, MTEB), and so are chunks here.
/// A title that is only the document's id (the gateway's default when none is given) is left out.
/// </summary>
public static partial class EmbeddingText
{
    /// <summary>Characters of the title kept: a title is a heading, not a second chunk (a 1 KB title would crowd out the text).</summary>
    public const int MaxTitleCharacters = 200;

    public static string Of(string documentId, string? title, string chunkText)
    {
        ArgumentNullException.ThrowIfNull(chunkText);
        var text = Whitespace().Replace(chunkText, " ").Trim();
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
