using System.Diagnostics;
using Ingestion.Core.Chunking;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Ingestion.Worker.Pipeline;

/// <summary>Step 3: one vector per chunk, computed in batches.</summary>
public sealed class EmbedStep(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IOptions<EmbeddingOptions> options,
    WorkerMetrics metrics)
{
    public async Task<IReadOnlyList<ReadOnlyMemory<float>>> RunAsync(IReadOnlyList<TextChunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("embed");
        activity?.SetTag("embedding.chunks", chunks.Count);
        var vectors = new List<ReadOnlyMemory<float>>(chunks.Count);
        foreach (var batch in chunks.Chunk(options.Value.BatchSize))
        {
            var started = Stopwatch.GetTimestamp();
            var embeddings = await generator.GenerateAsync(batch.Select(c => EmbeddingText.Of(c.Text)), cancellationToken: cancellationToken);
            vectors.AddRange(embeddings.Select(e => e.Vector));
            metrics.BatchEmbedded(batch.Length, Stopwatch.GetElapsedTime(started));
        }

        return vectors;
    }
}
