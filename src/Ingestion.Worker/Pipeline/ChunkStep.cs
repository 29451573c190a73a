using Ingestion.Core.Documents.Chunking;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Telemetry;

namespace Ingestion.Worker.Pipeline;

/// <summary>Step 2: chunks within the encoder's token budget.</summary>
public sealed class ChunkStep(TextChunker chunker, Microsoft.Extensions.Options.IOptions<WorkerOptions> options)
{
    public IReadOnlyList<TextChunk> Run(ExtractedText text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("chunk");
        var chunks = StepTimeBudget.Run("chunk", options.Value.StepTimeBudget, budget => chunker.Split(text.Text, text.Headings, budget), cancellationToken);
        activity?.SetTag("document.chunks", chunks.Count);
        return chunks;
    }
}
