using Ingestion.Core.Chunking;
using Ingestion.Core.Extraction;
using Ingestion.Core.Telemetry;

namespace Ingestion.Worker.Pipeline;

/// <summary>Step 2: chunks within the encoder's token budget.</summary>
public sealed class ChunkStep(TextChunker chunker)
{
    public IReadOnlyList<TextChunk> Run(ExtractedText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("chunk");
        var chunks = chunker.Split(text.Text);
        activity?.SetTag("document.chunks", chunks.Count);
        return chunks;
    }
}
