using Microsoft.ML.Tokenizers;

namespace Ingestion.Gateway.Ask;

/// <summary>
/// Token counts from OpenAI's byte-pair encodings (<c>o200k_base</c> for the GPT-4o family and later). Other
/// OpenAI-compatible models tokenize differently, but within a few percent for English prose, which a budget
/// with some headroom absorbs.
/// </summary>
public sealed class TiktokenTokenCounter(string encoding = TiktokenTokenCounter.DefaultEncoding) : ITokenCounter
{
    public const string DefaultEncoding = "o200k_base";

    private readonly TiktokenTokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);

    public string Encoding { get; } = encoding;

    public int Count(string text) => _tokenizer.CountTokens(text);

    public string Prefix(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxTokens <= 0)
        {
            return string.Empty;
        }

        // Tiktoken has no normaliser, so the index refers to the text as given.
        var end = _tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        if (end >= text.Length)
        {
            return text;
        }

        var lastSpace = end > 0 ? text.AsSpan(0, end + 1).LastIndexOfAny(" \t\r\n") : -1;
        return (lastSpace > 0 ? text[..lastSpace] : text[..end]).TrimEnd();
    }
}
