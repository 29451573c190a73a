using System.Numerics.Tensors;
using System.Text.Json;

namespace Ingestion.Core.Tests.Embeddings;

public sealed class UseLiteEmbeddingGeneratorTests(SharedModel model) : IClassFixture<SharedModel>
{
    [Fact]
    public async Task VectorsMatchTheTensorFlowJsReferenceModel()
    {
        var sentences = JsonSerializer.Deserialize<string[]>(File.ReadAllText("Fixtures/reference-sentences.json"))!;
        var expected = JsonSerializer.Deserialize<float[][]>(File.ReadAllText("Fixtures/reference-embeddings-tfjs.json"))!;
        Assert.Equal(9, expected.Length);

        var actual = await model.Generator.GenerateAsync(sentences.Take(expected.Length));

        for (var i = 0; i < expected.Length; i++)
        {
            var vector = actual[i].Vector.Span;
            Assert.Equal(512, vector.Length);
            var cosine = TensorPrimitives.CosineSimilarity(vector, expected[i]);
            var maxDifference = 0f;
            for (var j = 0; j < vector.Length; j++)
            {
                maxDifference = MathF.Max(maxDifference, MathF.Abs(vector[j] - expected[i][j]));
            }

            Assert.True(cosine > 0.999999f, $"Sentence {i}: cosine {cosine}");
            Assert.True(maxDifference < 1e-5f, $"Sentence {i}: max difference {maxDifference}");
        }
    }

    [Fact]
    public async Task ParaphrasesAreCloserThanUnrelatedSentences()
    {
        var vectors = await model.Generator.GenerateAsync(["reset my password", "steps to change my login password", "the stock market fell"]);

        var paraphrase = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(vectors[0].Vector.Span, vectors[2].Vector.Span);

        Assert.True(paraphrase > 0.8f, $"paraphrase similarity {paraphrase}");
        Assert.True(unrelated < 0.3f, $"unrelated similarity {unrelated}");
    }

    [Fact]
    public async Task TextLongerThanTheModelWindowIsEmbeddedWholeAsAUnitVector()
    {
        var longText = string.Join(' ', Enumerable.Repeat("Photosynthesis converts light into chemical energy in plants.", 40));
        Assert.True(model.Generator.Tokenizer.Encode(longText).Length > 128);

        var vector = (await model.Generator.GenerateAsync([longText]))[0].Vector.Span;

        Assert.Equal(1f, TensorPrimitives.Norm(vector), 4);
    }

    [Fact]
    public async Task EmptyTextIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => model.Generator.GenerateAsync([string.Empty]));
    }
}
