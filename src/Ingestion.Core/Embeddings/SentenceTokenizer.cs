using Microsoft.ML.Tokenizers;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// A sentence encoder's own WordPiece tokenizer (Microsoft.ML.Tokenizers' WordPiece over the model's vocabulary,
/// with BERT's normalisation and pre-tokenization as the model was trained with). Also what chunk budgets are
/// counted in, so a chunk never holds more word pieces than the encoder reads.
/// </summary>
public sealed class SentenceTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private SentenceTokenizer(BertTokenizer tokenizer) => _tokenizer = tokenizer;

    public int ClassificationTokenId => _tokenizer.ClassificationTokenId;

    public int SeparatorTokenId => _tokenizer.SeparatorTokenId;

    public int PaddingTokenId => _tokenizer.PaddingTokenId;

    /// <summary>The tokenizer of a packaged model, from the vocabulary inside its DLL.</summary>
    public static SentenceTokenizer For(SentenceEncoderModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var vocabulary = EmbeddedModelResources.OpenVocabulary(model);
        return FromVocabulary(vocabulary);
    }

    /// <summary>An uncased BERT WordPiece tokenizer over a <c>vocab.txt</c> (one piece per line).</summary>
    public static SentenceTokenizer FromVocabulary(Stream vocabulary) => new(BertTokenizer.Create(vocabulary, new BertOptions
    {
        LowerCaseBeforeTokenization = true,
        RemoveNonSpacingMarks = true,
        Normalizer = BertTextNormalizer.Instance,
        PreTokenizer = BertPreTokenizer.Instance,
    }));

    /// <summary>The word-piece ids of <paramref name="text"/>, without [CLS] and [SEP].</summary>
    public IReadOnlyList<int> Encode(string text) => _tokenizer.EncodeToIds(text, addSpecialTokens: false);

    /// <summary>Word pieces of <paramref name="text"/> without [CLS] and [SEP]. Counts add up over white space: a run of words costs the sum of its words.</summary>
    public int CountTokens(string text) => Encode(text).Count;
}
