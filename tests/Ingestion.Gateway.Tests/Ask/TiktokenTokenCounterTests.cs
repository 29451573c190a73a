using Ingestion.Gateway.Ask;

namespace Ingestion.Gateway.Tests.Ask;

public sealed class TiktokenTokenCounterTests
{
    private static readonly TiktokenTokenCounter Counter = new();

    [Fact]
    public void CountsAsOpenAisEncodingDoes()
    {
        // o200k_base: "hello" and " world" are one token each.
        Assert.Equal(2, Counter.Count("hello world"));
        Assert.Equal("o200k_base", Counter.Encoding);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void APrefixHoldsAtMostTheTokensAskedForAndEndsAfterAWholeWord(int maxTokens)
    {
        const string text = "Reactor cores are cooled by water pumped from the basins, which the operators refill every morning before dawn.";

        var prefix = Counter.Prefix(text, maxTokens);

        Assert.NotEmpty(prefix);
        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        Assert.True(Counter.Count(prefix) <= maxTokens);
        Assert.True(prefix.Length == text.Length || char.IsWhiteSpace(text[prefix.Length]) || maxTokens == 1);
    }

    [Fact]
    public void APrefixLongEnoughForTheWholeTextIsTheText()
    {
        Assert.Equal("short text", Counter.Prefix("short text", 100));
        Assert.Equal(string.Empty, Counter.Prefix("short text", 0));
    }
}
