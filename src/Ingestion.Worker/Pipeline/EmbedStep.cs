using System.Diagnostics;
using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Telemetry;
using Microsoft.Extensions.AI;

namespace Ingestion.Worker.Pipeline;

/// <summary>
/// Step 3: one vector per chunk. The generator is the embedding cache over the encoder: texts embedded before come
/// from Redis, the rest are encoded in length-sorted batches.
/// </summary>
public sealed class EmbedStep(IEmbeddingGenerator<string, Embedding<float>> generator, WorkerMetrics metrics)
{
    public async Task<IReadOnlyList<ReadOnlyMemory<float>>> RunAsync(string documentId, string title, IReadOnlyList<TextChunk> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("embed");
        activity?.SetTag("embedding.chunks", chunks.Count);
        var started = Stopwatch.GetTimestamp();
        var embeddings = await generator.GenerateAsync([.. chunks.Select(c => EmbeddingText.Of(documentId, title, c.Text, c.Context))], cancellationToken: cancellationToken);
        metrics.Embedded(chunks.Count, Stopwatch.GetElapsedTime(started));
        return [.. embeddings.Select(e => e.Vector)];
    }
}
