using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over the managed Universal Sentence Encoder Lite.
/// Texts longer than the model's 128-token window are encoded window by window and the window
/// vectors averaged and re-normalised, so no text is silently truncated.
/// </summary>
public sealed class UseLiteEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The id recorded with every index built from these vectors.</summary>
    public const string ModelId = "use-lite-en@0.2.0";

    private readonly SentencePieceTokenizer _tokenizer;
    private readonly UniversalSentenceEncoderLite _encoder;
    private readonly int _maxDegreeOfParallelism;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public UseLiteEmbeddingGenerator(SentencePieceTokenizer tokenizer, UniversalSentenceEncoderLite encoder, int maxDegreeOfParallelism)
    {
        _tokenizer = tokenizer;
        _encoder = encoder;
        _maxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism);
        _metadata = new EmbeddingGeneratorMetadata("ingestion-use-lite", providerUri: null, ModelId, UniversalSentenceEncoderLite.Dimension);
    }

    public SentencePieceTokenizer Tokenizer => _tokenizer;

    /// <summary>Loads tokenizer and weights from a folder holding <c>model.json</c>, its shards and <c>vocab.json</c>.</summary>
    public static UseLiteEmbeddingGenerator Load(string modelDirectory, int maxDegreeOfParallelism)
    {
        var vocabularyPath = Path.Combine(modelDirectory, "vocab.json");
        if (!File.Exists(vocabularyPath) || !File.Exists(Path.Combine(modelDirectory, "model.json")))
        {
            throw new FileNotFoundException(
                $"The embedding model is not in '{modelDirectory}'. Run eng/fetch-model.sh to fetch it, or set Embeddings__ModelPath.");
        }

        var tokenizer = SentencePieceTokenizer.Load(vocabularyPath);
        var encoder = UniversalSentenceEncoderLite.Load(modelDirectory, tokenizer.VocabularySize);
        return new UseLiteEmbeddingGenerator(tokenizer, encoder, maxDegreeOfParallelism);
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var tokenized = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            tokenized[i] = _tokenizer.Encode(texts[i]);
            if (tokenized[i].Length == 0)
            {
                throw new ArgumentException($"Text {i} of the batch is empty: an empty text has no embedding.", nameof(values));
            }
        }

        var vectors = new float[texts.Count][];
        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = _maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, texts.Count, parallelOptions, i => vectors[i] = Embed(tokenized[i]));

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        foreach (var vector in vectors)
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId });
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this
            : serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : null;
    }

    public void Dispose()
    {
        // Nothing to release: the weights are managed arrays.
    }

    private float[] Embed(int[] ids)
    {
        var vector = new float[UniversalSentenceEncoderLite.Dimension];
        if (ids.Length <= UniversalSentenceEncoderLite.MaxTokens)
        {
            _encoder.Encode(ids, vector);
            return vector;
        }

        Span<float> window = stackalloc float[UniversalSentenceEncoderLite.Dimension];
        for (var start = 0; start < ids.Length; start += UniversalSentenceEncoderLite.MaxTokens)
        {
            var count = Math.Min(UniversalSentenceEncoderLite.MaxTokens, ids.Length - start);
            _encoder.Encode(ids.AsSpan(start, count), window);
            TensorPrimitives.Add(vector, window, vector);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
