using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// BERT's text normalisation for uncased models, as Hugging Face's tokenizers do it (their <c>BertNormalizer</c>):
/// control and format characters dropped, every white space (tab and line breaks included) a space, CJK ideographs
/// set apart, accents stripped (NFD, non-spacing marks removed, not recomposed) and lower case. Microsoft.ML.Tokenizers'
/// own normaliser drops tabs and line breaks instead (joining the words around them), strips spacing marks too and
/// recomposes the result, which changes ids for such text; the models were trained on this one.
/// </summary>
internal sealed class BertTextNormalizer : Normalizer
{
    public static readonly BertTextNormalizer Instance = new();

    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        return Normalize(original.AsSpan());
    }

    public override string Normalize(ReadOnlySpan<char> original)
    {
        var cleaned = new StringBuilder(original.Length + 8);
        foreach (var rune in original.EnumerateRunes())
        {
            // Invalid UTF-16 enumerates as U+FFFD, which BERT's cleaning drops like NUL.
            if (rune.Value is 0 or 0xFFFD)
            {
                continue;
            }

            if (rune.Value is '\t' or '\n' or '\r')
            {
                cleaned.Append(' ');
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                cleaned.Append(' ');
            }
            else if (IsCjkIdeograph(rune.Value))
            {
                cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                cleaned.Append(rune.ToString());
            }
        }

        var decomposed = cleaned.ToString().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
            {
                result.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return result.ToString();
    }

    /// <summary>The CJK Unified Ideographs blocks BERT tokenizes character by character (not Hangul, Hiragana or Katakana).</summary>
    private static bool IsCjkIdeograph(int codePoint) =>
        codePoint is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
