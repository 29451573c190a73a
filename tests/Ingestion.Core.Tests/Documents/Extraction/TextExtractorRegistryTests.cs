using Ingestion.Core.Documents.Extraction;

namespace Ingestion.Core.Tests.Documents.Extraction;

public sealed class TextExtractorRegistryTests
{
    [Fact]
    public void MarkdownLosesItsMarkupAndKeepsItsBlocks()
    {
        var text = TextExtractorRegistry.Default.Extract("text/markdown; charset=utf-8", "# Title\n\nSome *emphasis* and a [link](http://x).\n\n- item one\n- item two").Text;

        Assert.Equal("Title\n\nSome emphasis and a link.\n\nitem one\n\nitem two", text);
    }

    [Fact]
    public void PlainTextDropsControlCharactersAndNormalisesLineEndings()
    {
        var text = TextExtractorRegistry.Default.Extract("text/plain", "a\r\nb\u0007c\rd").Text;

        Assert.Equal("a\nbc\nd", text);
    }

    [Fact]
    public void AnUnsupportedContentTypeIsAPermanentFailureNamingTheSupportedOnes()
    {
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("application/x-unknown", "x"));

        Assert.Contains("application/x-unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("text/plain", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PK\u0003\u0004\u0000\u0000binary zip header")]
    [InlineData("\u0001\u0002\u0003\u0004\u0005\u0006 mostly control")]
    public void BinaryBytesDeclaredAsTextAreAPermanentFailure(string content)
    {
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/plain", System.Text.RegularExpressions.Regex.Unescape(content)));

        Assert.Contains("looks binary", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain", "   \n\t  ")]
    [InlineData("text/markdown", "***\\n\\n---\\n")]
    public void ContentWithNoTextToIndexIsAPermanentFailure(string contentType, string content)
    {
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(contentType, System.Text.RegularExpressions.Regex.Unescape(content)));

        Assert.Contains("no text to index", error.Message, StringComparison.Ordinal);
    }
}
