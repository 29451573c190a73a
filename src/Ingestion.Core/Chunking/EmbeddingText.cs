using System.Text.RegularExpressions;

namespace Ingestion.Core.Chunking;

/// <summary>
/// What the encoder is given for a chunk: its text with every run of white space folded to one
/// space, because the model was trained on sentences and reads a newline as an unknown token.
/// </summary>
public static partial class EmbeddingText
{
    public static string Of(string chunkText) => Whitespace().Replace(chunkText, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
