using CsCheck;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Embeddings;

namespace Ingestion.Core.Tests.Documents.Chunking;

public sealed class TextChunkerTests
{
    // One token per word keeps the arithmetic of these tests visible; the real tokenizer is used in production.
    private static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static TextChunker Chunker(int maxTokens, int overlapTokens) =>
        new(CountWords, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens });

    [Fact]
    public void ShortTextIsOneChunkWithExactOffsets()
    {
        const string text = "First sentence here. Second one.";

        var chunks = Chunker(50, 0).Split(text);

        var chunk = Assert.Single(chunks);
        Assert.Equal(text, chunk.Text);
        Assert.Equal(0, chunk.StartOffset);
        Assert.Equal(text.Length, chunk.EndOffset);
    }

    [Fact]
    public void ATableLongerThanAChunkIsCutOnlyBetweenRows()
    {
        // Rows of 11 words with a sentence end inside each, and a budget of 20: sentences would cut rows; rows may not be cut.
        var rows = Enumerable.Range(0, 30).Select(i => $"| Row {i}. Ends here. | value {i} of the table |").ToList();
        var text = "Before the table.\n\n| Name | Value |\n| --- | --- |\n" + string.Join('\n', rows) + "\n\nAfter the table.";

        var chunks = Chunker(20, 0).Split(text);

        Assert.True(chunks.Count > 5, $"the text was cut into {chunks.Count} chunks");
        foreach (var chunk in chunks)
        {
            Assert.Equal(text[chunk.StartOffset..chunk.EndOffset], chunk.Text);
            foreach (var row in rows)
            {
                var (start, end) = (text.IndexOf(row, StringComparison.Ordinal), text.IndexOf(row, StringComparison.Ordinal) + row.Length);
                var inside = chunk.StartOffset <= start && end <= chunk.EndOffset;
                var outside = end <= chunk.StartOffset || chunk.EndOffset <= start;
                Assert.True(inside || outside, $"chunk [{chunk.StartOffset}, {chunk.EndOffset}) cuts the row [{start}, {end})");
            }
        }

        Assert.All(rows, row => Assert.Contains(chunks, c => c.Text.Contains(row, StringComparison.Ordinal)));
    }

    [Fact]
    public void ATableThatStartsAChunkTakesTheShortParagraphBeforeItAlong()
    {
        const string before = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen.";
        const string leadIn = "Growth by region:";
        var text = $"{before}\n\n{leadIn}\n\n| Region | Growth |\n| --- | --- |\n| North | 12% |\n| South | 3% |";

        var chunks = Chunker(20, 0).Split(text);

        Assert.Equal(before, chunks[0].Text);
        var table = Assert.Single(chunks, c => c.Text.Contains("| Region | Growth |", StringComparison.Ordinal));
        Assert.StartsWith(leadIn + "\n\n| Region | Growth |", table.Text, StringComparison.Ordinal);
        Assert.All(chunks, c => Assert.Equal(text[c.StartOffset..c.EndOffset], c.Text));
    }

    [Fact]
    public void EachChunkCarriesThePathOfHeadingsAboveItAndAContinuedTableItsHeader()
    {
        // Headings as an extractor reports them: the policy (1) › renewal (2), then claims (1), which closes both.
        const string text = "Policy\n\nThis policy covers the whole house and garden.\n\nRenewal\n\nIt must be renewed every year. Late renewals pay a fee."
            + "\n\nClaims\n\n| Kind | Days |\n| --- | --- |\n| Fire | 30 |\n| Flood | 60 |\n| Theft | 14 |";
        HeadingStart Heading(string heading, int level) => new(text.IndexOf(heading + "\n", StringComparison.Ordinal), level, heading);

        var chunks = Chunker(12, 0).Split(text, [Heading("Policy", 1), Heading("Renewal", 2), Heading("Claims", 1)]);

        Assert.Null(chunks[0].Context);
        Assert.Equal("Policy › Renewal", Assert.Single(chunks, c => c.Text.StartsWith("It must be renewed", StringComparison.Ordinal)).Context);
        Assert.Null(Assert.Single(chunks, c => c.Text.StartsWith("Claims", StringComparison.Ordinal)).Context);
        var rows = chunks.Where(c => c.Text.StartsWith("| Fire", StringComparison.Ordinal) || c.Text.StartsWith("| Theft", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, c => Assert.Equal("Claims\n| Kind | Days |\n| --- | --- |", c.Context));
        Assert.All(chunks, c => Assert.Equal(text[c.StartOffset..c.EndOffset], c.Text));
    }

    [Fact]
    public void AContinuedTablesHeaderIsCutInTheContextOfEveryChunk()
    {
        // A header of a million characters was copied whole into each row chunk's context: a 7 MB document of short
        // rows made tens of gigabytes of contexts, and each embedding read its header again.
        var header = "| " + string.Join(" | ", Enumerable.Range(0, 100_000).Select(i => $"c{i:D5}")) + " |";
        var text = header + "\n| --- |\n" + string.Join('\n', Enumerable.Range(0, 500).Select(i => $"| row {i} |"));

        var chunks = Chunker(40, 0).Split(text);

        var continued = chunks.Where(c => c.StartOffset > header.Length).ToList();
        Assert.NotEmpty(continued);
        Assert.All(continued, c => Assert.InRange(c.Context!.Length, 1, ChunkContext.MaxTableHeaderCharacters));
        Assert.All(continued, c => Assert.StartsWith("| c00000 | c00001 |", c.Context, StringComparison.Ordinal));
    }

    [Fact]
    public void NoChunkExceedsTheBudgetAndOffsetsPointAtTheChunkText()
    {
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"Sentence number {i} has six words."));

        var chunks = Chunker(20, 0).Split(text);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c =>
        {
            Assert.True(c.TokenCount <= 20, $"chunk {c.Ordinal} has {c.TokenCount} tokens");
            Assert.Equal(text[c.StartOffset..c.EndOffset], c.Text);
        });
    }

    [Fact]
    public void SentencesAreNeverCutWhenTheyFit()
    {
        var text = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"Alpha beta gamma delta {i}."));

        var chunks = Chunker(12, 0).Split(text);

        Assert.All(chunks, c => Assert.EndsWith(".", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void AParagraphThatFitsAChunkIsNotSplitAcrossTwo()
    {
        const string text = "One two three four five six.\n\nSeven eight nine ten eleven twelve.";

        var chunks = Chunker(8, 0).Split(text);

        Assert.Equal(2, chunks.Count);
        Assert.Equal("One two three four five six.", chunks[0].Text);
        Assert.Equal("Seven eight nine ten eleven twelve.", chunks[1].Text);
    }

    [Fact]
    public void TheLastSentenceIsRepeatedAsOverlap()
    {
        const string text = "A b c. D e f. G h i. J k l.";

        var chunks = Chunker(6, 3).Split(text);

        Assert.True(chunks.Count >= 2);
        var lastSentenceOfFirst = chunks[0].Text[(chunks[0].Text.LastIndexOf('.', chunks[0].Text.Length - 2) + 2)..];
        Assert.StartsWith(lastSentenceOfFirst, chunks[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ASentenceLongerThanTheBudgetIsCutAtWords()
    {
        var text = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"w{i}"));

        var chunks = Chunker(10, 0).Split(text);

        Assert.Equal(5, chunks.Count);
        Assert.All(chunks, c => Assert.Equal(10, c.TokenCount));
        Assert.Equal(text, string.Join(' ', chunks.Select(c => c.Text)));
    }

    [Fact]
    public void TheSameTextAlwaysGivesTheSameChunks()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 10).Select(i => $"Paragraph {i} talks. It has two sentences."));

        Assert.Equal(Chunker(9, 4).Split(text), Chunker(9, 4).Split(text));
    }

    [Fact]
    public void EmptyTextHasNoChunks()
    {
        Assert.Empty(Chunker(10, 2).Split("   \n\n  "));
    }

    [Fact]
    public void AWordLongerThanTheBudgetIsCutIntoPiecesThatFitWithNothingLost()
    {
        // A URL-like "word" of 1,500 characters that the encoder's tokenizer splits into hundreds of word pieces.
        var tokenizer = SentenceTokenizer.For(SentenceEncoderModels.MiniLmL6V2);
        var word = string.Concat(Enumerable.Range(0, 300).Select(i => $"a{i}.b/"));
        var text = $"See {word} for details.";
        var chunker = new TextChunker(tokenizer.CountTokens, new ChunkingOptions { MaxTokens = 128, OverlapTokens = 0 });

        var chunks = chunker.Split(text);

        Assert.True(tokenizer.CountTokens(word) > 128);
        Assert.All(chunks, c =>
        {
            Assert.True(tokenizer.CountTokens(c.Text) <= 128, $"chunk {c.Ordinal} has {tokenizer.CountTokens(c.Text)} word pieces");
            Assert.Equal(text[c.StartOffset..c.EndOffset], c.Text);
        });
        Assert.Equal(text.Replace(" ", string.Empty, StringComparison.Ordinal), string.Concat(chunks.Select(c => c.Text.Replace(" ", string.Empty, StringComparison.Ordinal))));
    }

    [Fact]
    public void ChunksOfRealTextStayWithinTheEncodersWordPieceBudget()
    {
        var tokenizer = SentenceTokenizer.For(SentenceEncoderModels.MiniLmL6V2);
        var text = string.Join("\n\n", Enumerable.Range(0, 20).Select(i =>
            $"Paragraph {i}: Interleukin-6 (IL-6) and TNF-α rose 2.5-fold (p < 0.001) in CD4+ T cells; café naïve résumé 東京. " +
            "Reciprocal-rank fusion combines BM25 and dense retrieval without calibrating their scores, which is why it is a default."));
        var chunker = new TextChunker(tokenizer.CountTokens, new ChunkingOptions { MaxTokens = 64, OverlapTokens = 12 });

        var chunks = chunker.Split(text);

        Assert.True(chunks.Count > 20);
        Assert.All(chunks, c =>
        {
            Assert.Equal(tokenizer.CountTokens(c.Text), c.TokenCount);
            Assert.True(c.TokenCount <= 64, $"chunk {c.Ordinal} has {c.TokenCount} word pieces");
        });
    }

    [Fact]
    public void ChunkingStopsWhenItsTokenIsCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Chunker(16, 0).Split("One sentence here. Another one there.\n\nA second paragraph.", cancelled.Token));
    }

    [Fact]
    public void NoChunkIsLongerThanTheCharacterBudgetWhateverItsWordsAndWhiteSpaceAndNothingIsLost()
    {
        // Words of every length and runs of white space of every length: the word-piece count says nothing of either
        // (a word over 100 characters is one [UNK] piece, white space none), so only the character budget bounds them.
        var piece = Gen.Frequency(
            (6, Gen.String[Gen.Char.AlphaNumeric, 1, 12]),
            (1, Gen.Int[100, 3_000].Select(n => new string('x', n))),
            (2, Gen.Int[1, 2_000].Select(n => new string(' ', n))),
            (1, Gen.Int[1, 5].Select(n => new string('\n', n))),
            (1, Gen.Const(". ")));
        Gen.Select(piece.Array[1, 60], Gen.Int[16, 64], Gen.Int[0, 8], Gen.Int[64, 1_000]).Sample((pieces, maxTokens, overlap, maxChars) =>
        {
            var text = string.Join(" ", pieces);
            var chunker = new TextChunker(CountWords, new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlap, MaxChars = maxChars });

            var chunks = chunker.Split(text);

            Assert.All(chunks, c =>
            {
                Assert.True(c.Text.Length <= maxChars, $"chunk {c.Ordinal} has {c.Text.Length} characters, over {maxChars}");
                Assert.True(c.TokenCount <= maxTokens, $"chunk {c.Ordinal} has {c.TokenCount} tokens, over {maxTokens}");
                Assert.Equal(text[c.StartOffset..c.EndOffset], c.Text);
            });
            Assert.Equal(NonSpace(text), NonSpace(Uncovered(text, chunks)));
        });

        static string NonSpace(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

        // The text's characters that some chunk covers, in order, each once whatever the overlap.
        static string Uncovered(string text, IReadOnlyList<TextChunk> chunks)
        {
            var covered = new bool[text.Length];
            foreach (var chunk in chunks)
            {
                Array.Fill(covered, true, chunk.StartOffset, chunk.EndOffset - chunk.StartOffset);
            }

            return string.Concat(text.Where((_, i) => covered[i]));
        }
    }

    [Fact]
    public void AThreeMegabyteWordBecomesChunksOfTheDefaultCharacterBudget()
    {
        var tokenizer = SentenceTokenizer.For(SentenceEncoderModels.MiniLmL6V2);
        var options = new ChunkingOptions();
        var word = new string('x', 3_000_000);

        var chunks = new TextChunker(tokenizer.CountTokens, options).Split($"Before. {word} After.");

        Assert.Equal(2_048, options.EffectiveMaxChars);
        Assert.All(chunks, c => Assert.True(c.Text.Length <= 2_048, $"chunk {c.Ordinal} has {c.Text.Length} characters"));
        Assert.Equal(3_000_000, chunks.Sum(c => c.Text.Count(ch => ch == 'x')));
    }
}
