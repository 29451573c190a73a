namespace Ingestion.Core.Documents.Extraction;

/// <summary>Turns the content of one content type into plain text for chunking.</summary>
public interface ITextExtractor
{
    /// <summary>The media types this extractor reads, such as <c>text/markdown</c>.</summary>
    IReadOnlyCollection<string> ContentTypes { get; }

    /// <summary>
    /// Extracts the text; throws <see cref="ExtractionException"/> when the content cannot be read. Looks at
    /// <paramref name="cancellationToken"/> between pages, paragraphs or nodes: the worker's time budget is cooperative.
    /// </summary>
    ExtractedText Extract(string content, CancellationToken cancellationToken = default);

    /// <summary>True for binary formats, whose content travels base64-encoded.</summary>
    bool TakesBase64 => false;
}
