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

    /// <summary>The registry of every extractor this library ships.</summary>
    public static TextExtractorRegistry Default { get; } = WithEmail(
    [
        new PlainTextExtractor(), new MarkdownExtractor(), new HtmlExtractor(), new PdfExtractor(), new DocxExtractor(),
        new PptxExtractor(), new XlsxExtractor(), new CsvExtractor(),
    ]);

    /// <summary>The extractors and an e-mail extractor that reads attachments with them.</summary>
    private static TextExtractorRegistry WithEmail(ITextExtractor[] extractors) => new([.. extractors, new EmailExtractor(extractors)]);

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
