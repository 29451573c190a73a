namespace Ingestion.Gateway.Ask;

/// <summary>Counts tokens as the chat model that reads a prompt would, so a context can be fitted to a budget.</summary>
public interface ITokenCounter
{
    /// <summary>The name of the encoding, such as <c>o200k_base</c>.</summary>
    string Encoding { get; }

    int Count(string text);

    /// <summary>
    /// The longest prefix of <paramref name="text"/> of at most <paramref name="maxTokens"/> tokens, cut after a
    /// whole word where the prefix holds one, so a trimmed passage does not end in half a word.
    /// </summary>
    string Prefix(string text, int maxTokens);
}
