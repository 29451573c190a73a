using System.Diagnostics;
using Ingestion.Core.Chunking;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Indexing;
using Ingestion.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Pipeline;

/// <summary>Step 3: one vector per chunk, from the embedding cache where the same text was embedded before, else computed in batches.</summary>
public sealed class EmbedStep(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IEmbeddingCache cache,
    EmbeddingModelInfo model,
    IOptions<EmbeddingOptions> options,
    IOptions<EmbeddingCacheOptions> cacheOptions,
    WorkerMetrics metrics)
{
    public async Task<IReadOnlyList<ReadOnlyMemory<float>>> RunAsync(IReadOnlyList<TextChunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("embed");
        activity?.SetTag("embedding.chunks", chunks.Count);
        var texts = chunks.Select(c => EmbeddingText.Of(c.Text)).ToList();
        var vectors = new ReadOnlyMemory<float>[texts.Count];

        var cached = cacheOptions.Value.Enabled ? await cache.GetAsync(model.ModelId, texts, cancellationToken) : new float[]?[texts.Count];
        var missing = Enumerable.Range(0, texts.Count).Where(i => cached[i] is null).ToList();
        foreach (var i in Enumerable.Range(0, texts.Count).Where(i => cached[i] is not null))
        {
            vectors[i] = cached[i];
        }

        metrics.CacheLookedUp(hits: texts.Count - missing.Count, misses: missing.Count);
        activity?.SetTag("embedding.cache_hits", texts.Count - missing.Count);

        foreach (var batch in missing.Chunk(options.Value.BatchSize))
        {
            var started = Stopwatch.GetTimestamp();
            var embeddings = await generator.GenerateAsync(batch.Select(i => texts[i]), cancellationToken: cancellationToken);
            for (var j = 0; j < batch.Length; j++)
            {
                vectors[batch[j]] = embeddings[j].Vector;
            }

            metrics.BatchEmbedded(batch.Length, Stopwatch.GetElapsedTime(started));
            if (cacheOptions.Value.Enabled)
            {
                await cache.SetAsync(model.ModelId, [.. batch.Select(i => (texts[i], vectors[i]))], cancellationToken);
            }
        }

        return vectors;
    }
}
