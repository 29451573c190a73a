using Ingestion.Core.Documents.Ocr;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>Finds the extractor for a content type; parameters such as <c>charset</c> are ignored.</summary>
public sealed class TextExtractorRegistry
{
    private readonly Dictionary<string, ITextExtractor> _byContentType = new(StringComparer.OrdinalIgnoreCase);

    public TextExtractorRegistry(IEnumerable<ITextExtractor> extractors)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        foreach (var extractor in extractors)
        {
            foreach (var contentType in extractor.ContentTypes)
            {
                _byContentType[contentType] = extractor;
            }
        }
    }

    /// <summary>
    /// The registry of every extractor this library ships, without OCR: it knows every type (a gateway checks requests
    /// with it), but images and scanned pages are read only by a registry made with an OCR engine (<see cref="With"/>).
    /// </summary>
    public static TextExtractorRegistry Default { get; } = With(null);

    /// <summary>Every extractor this library ships, images and PDF pages without a text layer read by <paramref name="ocr"/>.</summary>
    public static TextExtractorRegistry With(IOcrEngine? ocr)
    {
        ITextExtractor[] extractors =
        [
            new PlainTextExtractor(), new MarkdownExtractor(), new HtmlExtractor(), new PdfExtractor(ocr), new DocxExtractor(),
            new PptxExtractor(), new XlsxExtractor(), new CsvExtractor(), new ImageExtractor(ocr),
        ];

        // E-mail reads its attachments with the others.
        return new([.. extractors, new EmailExtractor(extractors)]);
    }

    public IEnumerable<string> SupportedContentTypes => _byContentType.Keys.Order(StringComparer.Ordinal);

    public bool Supports(string? contentType) => contentType is not null && _byContentType.ContainsKey(MediaTypes.Essence(contentType));

    /// <summary>True when the content type is a binary format whose content travels base64-encoded.</summary>
    public bool TakesBase64(string contentType) => _byContentType.TryGetValue(MediaTypes.Essence(contentType), out var extractor) && extractor.TakesBase64;

    /// <summary>
    /// Extracts the text of <paramref name="content"/>, or throws <see cref="ExtractionException"/>: for an
    /// unsupported type, for binary content declared as text, and for content with no text to index.
    /// </summary>
    public ExtractedText Extract(string contentType, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!_byContentType.TryGetValue(MediaTypes.Essence(contentType), out var extractor))
        {
            throw new ExtractionException(
                $"Content type '{contentType}' is not supported; supported: {string.Join(", ", SupportedContentTypes)}.");
        }

        if (BinaryContent.Detect(content) is { } binary)
        {
            throw new ExtractionException($"The content is declared as {contentType} but looks binary: {binary}.");
        }

        var text = extractor.Extract(content, cancellationToken);
        if (string.IsNullOrWhiteSpace(text.Text))
        {
            throw new ExtractionException($"The {contentType} content has no text to index.");
        }

        return text;
    }
}
