using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>PDF (sent base64-encoded) with PdfPig: each page's text in reading order, and where every page begins, so chunks know their page.</summary>
public sealed class PdfExtractor : ITextExtractor
{
    public IReadOnlyCollection<string> ContentTypes { get; } = ["application/pdf"];

    public bool TakesBase64 => true;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "PDF");
        try
        {
            using var document = PdfDocument.Open(bytes);
            var blocks = new TextBlocks();
            var pages = new List<PageStart>();
            foreach (var page in document.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = blocks.StartBlock();
                var before = blocks.Length;
                foreach (var line in ContentOrderTextExtractor.GetText(page).Split('\n'))
                {
                    // Lines of a page run together into paragraphs; an empty line ends one.
                    if (string.IsNullOrWhiteSpace(line))
                    {
                        blocks.Break();
                    }
                    else
                    {
                        blocks.Append(line);
                        blocks.Append(" ");
                    }
                }

                blocks.Break();
                if (blocks.Length > before)
                {
                    pages.Add(new PageStart(page.Number, start));
                }
            }

            return new ExtractedText(blocks.ToString(), pages);
        }
        catch (Exception exception) when (exception is not ExtractionException and not OutOfMemoryException)
        {
            throw new ExtractionException($"The content is not a readable PDF: {exception.Message}", exception);
        }
    }
}
