using System.Numerics.Tensors;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Embeddings;
using Ingestion.Index;
using Ingestion.Index.Lucene.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Bench;

/// <summary>
/// Writes an index of a chosen size straight through the store's writer. Embedding 100k chunks would take over
/// an hour on two cores, so texts are SciFact's chunks (repeated under new ids past the corpus's size) and vectors
/// are real embeddings of a sample of them, each copy nudged by a little noise and re-normalised: the dense leg
/// scans the same number of vectors of the same shape, which is what its latency depends on.
/// </summary>
internal sealed class SyntheticIndex(IReadOnlyList<string> texts, IReadOnlyList<float[]> sampleVectors, EmbeddingModelInfo model)
{
    private const int ChunksPerDocument = 10;

    /// <summary>Groups the documents' readers are spread over; every document is also readable by <see cref="EveryoneGroup"/>.</summary>
    public const int ReaderGroups = 1000;

    public const string EveryoneGroup = "everyone";

    public static async Task<SyntheticIndex> PrepareAsync(string dataset, OnnxSentenceEncoder generator, int sample)
    {
        var chunker = BenchChunker.For(generator);
        var texts = SciFactCorpus.Documents(dataset, int.MaxValue).SelectMany(d => chunker.Split(d.Text)).Select(c => c.Text).ToList();
        var vectors = (await generator.GenerateAsync([.. texts.Take(sample).Select(t => EmbeddingText.Of(string.Empty, null, t))])).Select(e => e.Vector.ToArray()).ToList();
        return new SyntheticIndex(texts, vectors, new EmbeddingModelInfo(generator.Model.ModelId, generator.Model.Dimension));
    }

    public async Task WriteAsync(string indexPath, int chunks)
    {
        var options = Options.Create(new IndexOptions { DataPath = indexPath });
        await using var writer = LuceneChunkIndexWriter.Open(options, model, NullLogger<LuceneChunkIndexWriter>.Instance, TimeProvider.System);
        var documents = (chunks + ChunksPerDocument - 1) / ChunksPerDocument;

        // Many writes in flight, so each group commit carries hundreds of documents.
        await Parallel.ForAsync(0, documents, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (d, cancellationToken) =>
        {
            var id = $"synthetic-{d:D6}";
            var first = d * ChunksPerDocument;
            var chunkList = Enumerable.Range(first, Math.Min(ChunksPerDocument, chunks - first))
                .Select(i => new IndexedChunk($"{id}@1#{i - first}", i - first, texts[i % texts.Count], 0, texts[i % texts.Count].Length, VectorFor(i)))
                .ToList();
            // Readers as a team's documents have them: each of a thousand groups, and one group all are in, so a caller in
            // that one group and a caller in all thousand read the same documents (#24's benchmark row).
            var readers = new[] { ReaderTerms.Group($"g{d % ReaderGroups}"), ReaderTerms.Group(EveryoneGroup) };
            await writer.ApplyAsync(new ReplaceDocument(id, 1, id, "text/plain", [], model.ModelId, chunkList) { Readers = readers }, cancellationToken);
        });
    }

    /// <summary>The same texts with the real embeddings of only the first <paramref name="sample"/> of them: copies of those past it.</summary>
    public SyntheticIndex Sampled(int sample) => new(texts, [.. sampleVectors.Take(sample)], model);

    /// <summary>How many chunks have a real embedding of their own; past that, vectors are noisy copies.</summary>
    public int SampleCount => sampleVectors.Count;

    private float[] VectorFor(int i)
    {
        var vector = (float[])sampleVectors[i % sampleVectors.Count].Clone();
        if (i >= sampleVectors.Count)
        {
            var random = new Random(i);
            for (var j = 0; j < vector.Length; j++)
            {
                vector[j] += (float)((random.NextDouble() - 0.5) * 0.02);
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        }

        return vector;
    }
}
