using Ingestion.Core.Documents.Ocr;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Images (PNG, JPEG, TIFF, sent base64-encoded) read by OCR: each page of the image (a TIFF may have several) is a
/// page of the text. Without OCR (not installed, or off) such a document fails with a reason that says how to enable it.
/// </summary>
public sealed class ImageExtractor(IOcrEngine? ocr) : ITextExtractor
{
    public IReadOnlyCollection<string> ContentTypes { get; } = ["image/png", "image/jpeg", "image/tiff"];

    public bool TakesBase64 => true;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "image");
        if (ocr is null || ocr.Unavailable is not null)
        {
            throw new ExtractionException($"Images are read by OCR, and it cannot run here: {ocr?.Unavailable ?? "no OCR engine is configured."}");
        }

        var pages = ocr.RecognizeImage(bytes, cancellationToken);
        if (pages.Count > ocr.MaxPages)
        {
            throw new ExtractionException($"The image has {pages.Count} pages, more than the {ocr.MaxPages} this system recognises (Ocr:MaxPages).");
        }

        var blocks = new TextBlocks();
        var starts = new List<PageStart>();
        for (var i = 0; i < pages.Count; i++)
        {
            starts.Add(new PageStart(i + 1, blocks.StartBlock()));
            PageText.Add(blocks, pages[i]);
        }

        return new ExtractedText(blocks.ToString(), starts);
    }
}
