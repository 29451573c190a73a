using Ingestion.Core.Embeddings;

namespace Ingestion.Core.Tests.Embeddings;

public sealed class SentencePieceTokenizerTests(SharedModel model) : IClassFixture<SharedModel>
{
    private SentencePieceTokenizer Tokenizer => model.Generator.Tokenizer;

    [Fact]
    public void CommonWordsAreSinglePiecesWithTheWordSeparator()
    {
        var ids = Tokenizer.Encode("the cat");

        Assert.Equal(2, ids.Length);
        Assert.All(ids, id => Assert.True(id >= SentencePieceTokenizer.ReservedSymbolCount));
    }

    [Fact]
    public void ARunOfUnknownCharactersBecomesOneUnknownToken()
    {
        var ids = Tokenizer.Encode("cat 東京東京");

        Assert.Equal(1, ids.Count(id => id == SentencePieceTokenizer.UnknownId));
        Assert.Equal(SentencePieceTokenizer.UnknownId, ids[^1]);
    }

    [Fact]
    public void EmptyTextHasNoTokens()
    {
        Assert.Empty(Tokenizer.Encode(string.Empty));
    }
}
