using Ingestion.Contracts;
using Ingestion.Core.Extraction;
using Ingestion.Core.Telemetry;

namespace Ingestion.Worker.Pipeline;

/// <summary>Step 1: the document's plain text.</summary>
public sealed class ExtractStep(TextExtractorRegistry extractors)
{
    public ExtractedText Run(DocumentUpserted document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var activity = IngestionTelemetry.ActivitySource.StartActivity("extract");
        activity?.SetTag("document.content_type", document.ContentType);
        var text = extractors.Extract(document.ContentType, document.Content);
        activity?.SetTag("document.text_length", text.Text.Length);
        return text;
    }
}
