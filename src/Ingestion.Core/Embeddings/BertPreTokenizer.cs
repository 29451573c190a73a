using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// BERT's basic pre-tokenization: words split at white space, every punctuation character a word of its own
/// (ASCII punctuation such as <c>$ + &lt; = &gt; ^ ` | ~</c> included, as BERT counts it). Anything else stays in its
/// word, so a word WordPiece cannot spell becomes [UNK]. Microsoft.ML.Tokenizers' default (<c>\w+|\p{P}</c>)
/// silently drops symbols, emoji and every character outside the Basic Multilingual Plane instead.
/// </summary>
internal sealed class BertPreTokenizer : PreTokenizer
{
    public static readonly BertPreTokenizer Instance = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Split(text);
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text.ToString());

    private static List<(int Offset, int Length)> Split(string text)
    {
        var words = new List<(int Offset, int Length)>();
        var start = -1;
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var width);
            if (Rune.IsWhiteSpace(rune) || IsPunctuation(rune))
            {
                if (start >= 0)
                {
                    words.Add((start, i - start));
                    start = -1;
                }

                if (!Rune.IsWhiteSpace(rune))
                {
                    words.Add((i, width));
                }
            }
            else if (start < 0)
            {
                start = i;
            }

            i += width;
        }

        if (start >= 0)
        {
            words.Add((start, text.Length - start));
        }

        return words;
    }

    private static bool IsPunctuation(Rune rune) =>
        rune.Value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
}
