namespace Ingestion.Index.Tests;

public sealed class WholeTextTests
{
    [Fact]
    public void OverlappingChunksGiveTheDocumentsTextWithNoWordTwice()
    {
        const string text = "First sentence here. Second one follows. Third ends it.";
        // Cut as the chunker cuts: the second chunk repeats the first's last sentence.
        var first = Chunk(0, text, 0, 40);
        var second = Chunk(1, text, 21, text.Length);

        Assert.Equal(text, WholeText.Of([second, first]));
    }

    [Fact]
    public void ChunksWhoseOffsetsDoNotMatchTheirTextAreTakenWholeOnLinesOfTheirOwn()
    {
        var hand = new IndexedChunk("a#0", 0, "made by hand", 0, 4, ReadOnlyMemory<float>.Empty);
        var other = new IndexedChunk("a#1", 1, "and another", 0, 3, ReadOnlyMemory<float>.Empty);

        Assert.Equal("made by hand\nand another", WholeText.Of([hand, other]));
    }

    private static IndexedChunk Chunk(int ordinal, string text, int start, int end) =>
        new($"d#{ordinal}", ordinal, text[start..end], start, end, ReadOnlyMemory<float>.Empty);
}
