using Ingestion.Contracts;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Sources;
using Ingestion.Core.Telemetry;

namespace Ingestion.Worker.Pipeline;

/// <summary>Step 1: the document's plain text, read first from its <c>contentUri</c> when it was sent by reference.</summary>
public sealed class ExtractStep(TextExtractorRegistry extractors, ContentFetcher fetcher, Microsoft.Extensions.Options.IOptions<WorkerOptions> options)
{
    public async Task<ExtractedText> RunAsync(DocumentUpserted document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var content = document.Content;
        if (document.ContentUri is { Length: > 0 } contentUri)
        {
            using var fetch = IngestionTelemetry.ActivitySource.StartActivity("fetch");
            fetch?.SetTag("document.content_uri", ContentUris.Redact(contentUri));
            content = await fetcher.FetchAsync(contentUri, extractors.TakesBase64(document.ContentType), cancellationToken);
            fetch?.SetTag("document.content_length", content.Length);
        }

        using var activity = IngestionTelemetry.ActivitySource.StartActivity("extract");
        activity?.SetTag("document.content_type", document.ContentType);
        // The fetch above has its own timeout and is retried; the budget is the parser's alone.
        var text = StepTimeBudget.Run("extract", options.Value.StepTimeBudget, budget => extractors.Extract(document.ContentType, content, budget), cancellationToken);
        activity?.SetTag("document.text_length", text.Text.Length);
        return text;
    }
}
