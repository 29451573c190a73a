using Ingestion.Core.Documents.Extraction;

namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>Quoted replies taken out of a mail's text, with their attributions, whatever stands between them.</summary>
public sealed class QuotedRepliesTests
{
    [Fact]
    public void AttributionsBeforeQuotesGoWithThemAcrossBlankLines()
    {
        const string text = "Yes.\n\nOn Mon, Ann wrote:\n\nOn Sun, Bob wrote:\n\n\n> > Is it on?\n> Is it?\n\nSee you.\n> late quote";

        Assert.Equal("Yes.\n\n\nSee you.", QuotedReplies.Collapse(text));
    }

    [Fact]
    public void AMailOfManyBlankLinesBetweenManyQuotesIsCollapsed()
    {
        // Each quoted line looked back over every blank line kept before it: 200,000 of each took hours of one core.
        var text = "Thanks.\n" + new string((char)10, 200_000) + string.Concat(Enumerable.Repeat("> quoted\n", 200_000)) + "On Mon, Bob wrote:\n> hi\nBye.";

        var collapsed = QuotedReplies.Collapse(text);

        Assert.StartsWith("Thanks.", collapsed, StringComparison.Ordinal);
        Assert.EndsWith("\nBye.", collapsed, StringComparison.Ordinal);
        Assert.DoesNotContain("quoted", collapsed, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", collapsed, StringComparison.Ordinal);
    }

    [Fact]
    public void ItStopsWhenTheDocumentsTimeIsUp()
    {
        var text = string.Concat(Enumerable.Repeat("a line\n", 10_000));

        Assert.Throws<OperationCanceledException>(() => QuotedReplies.Collapse(text, new CancellationToken(canceled: true)));
    }
}
