using Ingestion.Core.Documents.Chunking;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Search;
using Ingestion.Index;

namespace Ingestion.Gateway.Tests.Ask;

public sealed class ContextAssemblerTests
{
    private static readonly TiktokenTokenCounter Counter = new();

    private static readonly string Document = string.Join(' ', Enumerable.Range(0, 80).Select(i =>
        $"Sentence {i} tells how reactor {i % 7} cools its core with water from basin {i % 5}."));

    // Overlapping chunks as the worker cuts them, so merging is tested on the chunker's real offsets.
    private static readonly IReadOnlyList<TextChunk> Chunks =
        new TextChunker(Counter.Count, new ChunkingOptions { MaxTokens = 60, OverlapTokens = 30 }).Split(Document);

    private static readonly ContextAssembler Assembler = new(Counter);

    private const string Question = "How are the reactor cores cooled?";

    [Fact]
    public void OverlappingChunksOfOneDocumentBecomeOnePassageOfTheirExactText()
    {
        var context = Assembler.Assemble(Question, [Hit("plant", Chunks[2], 0.9), Hit("plant", Chunks[3], 0.8), Hit("plant", Chunks[7], 0.7)], 4000);

        Assert.True(Chunks[3].StartOffset < Chunks[2].EndOffset, "the chunker should make neighbouring chunks overlap");
        Assert.Equal(2, context.Passages.Count);
        var joined = context.Passages[0];
        Assert.Equal(Chunks[2].StartOffset, joined.StartOffset);
        Assert.Equal(Chunks[3].EndOffset, joined.EndOffset);
        Assert.Equal(Document[joined.StartOffset..joined.EndOffset], joined.Text);
        Assert.Equal(["plant#2", "plant#3"], joined.ChunkIds);
        Assert.Equal(Document[Chunks[7].StartOffset..Chunks[7].EndOffset], context.Passages[1].Text);
        Assert.Equal(1, context.MergedChunks);
    }

    [Fact]
    public void AChunkThatBridgesTwoPassagesJoinsThemIntoOne()
    {
        var context = Assembler.Assemble(Question, [Hit("plant", Chunks[4], 0.9), Hit("plant", Chunks[6], 0.8), Hit("plant", Chunks[5], 0.7)], 4000);

        var passage = Assert.Single(context.Passages);
        Assert.Equal(Chunks[4].StartOffset, passage.StartOffset);
        Assert.Equal(Chunks[6].EndOffset, passage.EndOffset);
        Assert.Equal(Document[passage.StartOffset..passage.EndOffset], passage.Text);
        Assert.Equal(2, context.MergedChunks);
    }

    [Fact]
    public void TextAnotherDocumentAlreadyGaveIsLeftOutAsADuplicate()
    {
        var copy = new ChunkHit("mirror#0", "mirror", 1, "Mirror", "  " + Chunks[1].Text.Replace(" ", "  \n", StringComparison.Ordinal).ToUpperInvariant(), 0, 0, 0, 0);

        var context = Assembler.Assemble(Question, [Hit("plant", Chunks[1], 0.9), new FusedHit(copy, 0.8, null, null), Hit("plant", Chunks[9], 0.7)], 4000);

        Assert.Equal(["plant", "plant"], context.Passages.Select(p => p.DocumentId));
        Assert.Equal(1, context.Duplicates);
    }

    [Fact]
    public void ThePromptNeverExceedsTheBudgetAndCitesItsPassagesByNumberInRankOrder()
    {
        // Every other chunk: no overlaps, so each hit is a passage of its own and the budget decides how many fit.
        var hits = Chunks.Where(c => c.Ordinal % 2 == 0).Select((c, rank) => Hit($"doc-{rank:D2}", c, 1.0 / (rank + 1))).ToList();
        var minimum = Assembler.MinimumBudget(Question);

        for (var budget = minimum; budget <= 1500; budget += 23)
        {
            var context = Assembler.Assemble(Question, hits, budget);

            Assert.True(context.PromptTokens <= budget, $"{context.PromptTokens} tokens for a budget of {budget}");
            Assert.Equal(ContextPrompt.Tokens(Counter, context.Messages), context.PromptTokens);
            Assert.Equal(Enumerable.Range(1, context.Passages.Count), context.Passages.Select(p => p.Number));
            Assert.Equal(hits.Take(context.Passages.Count).Select(h => h.Chunk.DocumentId), context.Passages.Select(p => p.DocumentId));
            var user = context.Messages[1].Text;
            var position = 0;
            foreach (var passage in context.Passages)
            {
                var heading = $"[{passage.Number}] Plant notes ({passage.DocumentId}, characters {passage.StartOffset}–{passage.EndOffset})\n{passage.Text}";
                var at = user.IndexOf(heading, position, StringComparison.Ordinal);
                Assert.True(at >= position, $"passage {passage.Number} is not where its number says (budget {budget})");
                Assert.Equal(Document[passage.StartOffset..passage.EndOffset], passage.Text);
                position = at + heading.Length;
            }

            Assert.EndsWith("Question: " + Question, user, StringComparison.Ordinal);
            if (context.LeftOut > 0)
            {
                // What stays unused is less than a trimmed passage would need, so the budget was filled.
                Assert.True(budget - context.PromptTokens < ContextAssembler.MinimumPassageTokens + 40, $"{budget - context.PromptTokens} tokens unused of {budget}");
            }
        }
    }

    [Fact]
    public void APassageTrimmedToTheBudgetKeepsItsBestChunkAndEndsAfterAWholeWord()
    {
        // Chunk 5 is the better hit; chunk 4 joins its passage in front of it.
        var hits = new[] { Hit("plant", Chunks[5], 0.9), Hit("plant", Chunks[4], 0.8) };
        var budget = Assembler.MinimumBudget(Question) + (Counter.Count(Chunks[5].Text) / 2) - 5;

        var context = Assembler.Assemble(Question, hits, budget);

        var passage = Assert.Single(context.Passages);
        Assert.True(passage.Trimmed);
        Assert.Equal(Chunks[5].StartOffset, passage.StartOffset);
        Assert.True(passage.EndOffset < Chunks[5].EndOffset, $"{passage.StartOffset}-{passage.EndOffset} of chunk {Chunks[5].StartOffset}-{Chunks[5].EndOffset}, chunk 4 {Chunks[4].StartOffset}-{Chunks[4].EndOffset}, {context.PromptTokens}/{budget}");
        Assert.Equal(Document[passage.StartOffset..passage.EndOffset], passage.Text);
        Assert.True(char.IsWhiteSpace(Document[passage.EndOffset]), $"a trimmed passage ends after a whole word: '{passage.Text}' then '{Document[passage.EndOffset..(passage.EndOffset + 10)]}'");
        Assert.True(context.PromptTokens <= budget);
    }

    [Fact]
    public void ABudgetTooSmallForTheInstructionsAndQuestionIsRefused()
    {
        var minimum = Assembler.MinimumBudget(Question);

        Assert.Throws<ArgumentOutOfRangeException>(() => Assembler.Assemble(Question, [Hit("plant", Chunks[0], 1)], minimum - 1));
        Assert.Single(Assembler.Assemble(Question, [Hit("plant", Chunks[0], 1)], minimum).Passages);
    }

    [Fact]
    public void APassageIsHeadedByItsNumberTitleAndSourceAndTheTitleIsLeftOutWhereItIsTheId()
    {
        var titled = new ContextPassage(3, "notes/a.md", 1, "Cooling", "Water cools.", 10, 22, 4, ["notes/a.md#0"], 1, false);

        Assert.Equal("[3] Cooling (notes/a.md, characters 10–22, page 4)\nWater cools.", ContextPrompt.Block(titled));
        Assert.Equal("[3] (notes/a.md, characters 10–22)\nWater cools.", ContextPrompt.Block(titled with { Title = "notes/a.md", Page = null }));
        Assert.Equal("[3] Cooling (notes/a.md, characters 10–22, page 4)\nPumps › Cooling\nWater cools.", ContextPrompt.Block(titled with { Context = "Pumps › Cooling" }));
    }

    private static FusedHit Hit(string documentId, TextChunk chunk, double score) => new(
        new ChunkHit($"{documentId}#{chunk.Ordinal}", documentId, 1, "Plant notes", chunk.Text, chunk.Ordinal, chunk.StartOffset, chunk.EndOffset, (float)score),
        score,
        null,
        null);
}
