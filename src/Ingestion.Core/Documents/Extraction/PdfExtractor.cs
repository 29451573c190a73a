using Ingestion.Core.Documents.Ocr;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// PDF (sent base64-encoded) with PdfPig: each page's text in reading order, and where every page begins, so chunks
/// know their page. A page whose text layer has (almost) no text, a scanned page, is rendered and read by OCR; without
/// OCR, a PDF with no text at all fails with a reason that says how to enable it.
/// </summary>
public sealed class PdfExtractor(IOcrEngine? ocr = null) : ITextExtractor
{
    public IReadOnlyCollection<string> ContentTypes { get; } = ["application/pdf"];

    public bool TakesBase64 => true;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "PDF");
        var budget = new PdfDecodeBudget();
        try
        {
            using var document = PdfDocument.Open(bytes, new ParsingOptions { FilterProvider = new BoundedPdfFilters(budget) });
            budget.ThrowIfExceeded();
            var blocks = new TextBlocks();
            var pages = new List<PageStart>();
            var recognised = 0;
            var withoutText = 0;
            foreach (var page in document.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = blocks.StartBlock();
                var before = blocks.Length;
                var text = ContentOrderTextExtractor.GetText(page);
                budget.ThrowIfExceeded();
                if (text.Count(c => !char.IsWhiteSpace(c)) < (ocr?.MinPageCharacters ?? 1))
                {
                    withoutText++;
                    if (ocr is { Unavailable: null })
                    {
                        if (++recognised > ocr.MaxPages)
                        {
                            throw new ExtractionException($"The PDF has more than {ocr.MaxPages} pages without a text layer to recognise (Ocr:MaxPages).");
                        }

                        text = ocr.RecognizePdfPage(bytes, page.Number, page.Width, page.Height, cancellationToken);
                    }
                }

                PageText.Add(blocks, text);
                if (blocks.Length > before)
                {
                    pages.Add(new PageStart(page.Number, start));
                }
            }

            if (pages.Count == 0 && withoutText > 0 && ocr is not { Unavailable: null })
            {
                throw new ExtractionException($"The PDF's {withoutText} pages have no text layer (a scan?), and OCR cannot run here: {ocr?.Unavailable ?? "no OCR engine is configured."}");
            }

            return new ExtractedText(blocks.ToString(), pages);
        }
        catch (Exception exception) when (exception is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            // A bound crossed inside PdfPig may reach here wrapped in its own exception: the bound is the reason.
            budget.ThrowIfExceeded();
            throw new ExtractionException($"The content is not a readable PDF: {exception.Message}", exception);
        }
    }
}
