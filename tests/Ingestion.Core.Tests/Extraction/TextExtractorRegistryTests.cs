using Ingestion.Core.Extraction;

namespace Ingestion.Core.Tests.Extraction;

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
}
