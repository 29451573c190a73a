using Ingestion.Index.Lucene.Lexical;

namespace Ingestion.Index.Tests.Lucene.Lexical;

public sealed class QueryHighlighterTests : IDisposable
{
    private readonly QueryHighlighter _highlighter = new();

    [Fact]
    public void QueryTermsAreMarkedAsBm25MatchedThemStemsIncluded()
    {
        const string text = "The rocket launched at dawn; two launches followed.";
        var highlight = _highlighter.Highlight("rocket launches", text);

        Assert.Equal(["rocket", "launched", "launches"], highlight.Matches.Select(m => text[m.Start..m.End]));
        Assert.Equal("The <mark>rocket</mark> <mark>launched</mark> at dawn; two <mark>launches</mark> followed.", highlight.Snippet);
    }

    [Fact]
    public void TheSnippetIsEscapedForHtml()
    {
        var highlight = _highlighter.Highlight("tags", "Use <b>tags</b> & entities.");
        Assert.Equal("Use &lt;b&gt;<mark>tags</mark>&lt;/b&gt; &amp; entities.", highlight.Snippet);
    }

    [Fact]
    public void ALongChunkIsCutAroundItsMatchesAtWordBoundaries()
    {
        var filler = string.Join(' ', Enumerable.Repeat("lorem ipsum dolor", 40));
        var text = $"{filler} the narwhal has a tusk {filler}";
        var highlight = _highlighter.Highlight("narwhal tusk", text, snippetLength: 80);

        Assert.StartsWith("…", highlight.Snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", highlight.Snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>narwhal</mark> has a <mark>tusk</mark>", highlight.Snippet, StringComparison.Ordinal);
        Assert.InRange(highlight.Snippet.Length, 60, 140);
        Assert.DoesNotContain("…m ", highlight.Snippet, StringComparison.Ordinal); // not cut inside a word
    }

    [Fact]
    public void AQueryOfStopWordsMarksNothing()
    {
        var highlight = _highlighter.Highlight("the of and", "The end of the story.");
        Assert.Empty(highlight.Matches);
        Assert.Equal("The end of the story.", highlight.Snippet);
    }

    public void Dispose() => _highlighter.Dispose();
}
