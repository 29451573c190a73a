using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Word documents (DOCX, sent base64-encoded) with the Open XML SDK: every paragraph as a block, and every table as a
/// Markdown table (a cell's paragraphs, and any table nested in it, as its text).
/// </summary>
public sealed class DocxExtractor : ITextExtractor
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public IReadOnlyCollection<string> ContentTypes { get; } = [ContentType];

    public bool TakesBase64 => true;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "DOCX");
        try
        {
            using var stream = OfficePackage.Checked(bytes, "DOCX");
            using var document = WordprocessingDocument.Open(stream, isEditable: false, OfficePackage.Settings);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new ExtractionException("The DOCX file has no document body.");
            var blocks = new TextBlocks();
            foreach (var element in body.Descendants().Where(e => e is Paragraph or Table))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (element.Ancestors<Table>().Any())
                {
                    // Read with its table, as a cell's text.
                    continue;
                }

                if (element is Table table)
                {
                    blocks.AddPreformatted(MarkdownTable.Of([.. table.Elements<TableRow>().Select(r => (IReadOnlyList<string>)[.. r.Elements<TableCell>().Select(TextOf)])]));
                    continue;
                }

                blocks.Append(TextOf(element));
                blocks.Break();
            }

            return new ExtractedText(blocks.ToString());
        }
        catch (Exception exception) when (exception is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExtractionException($"The content is not a readable DOCX file: {exception.Message}", exception);
        }
    }

    /// <summary>The text of a paragraph, or of a table cell's paragraphs (tabs and breaks as spaces).</summary>
    private static string TextOf(OpenXmlElement element)
    {
        var text = new StringBuilder();
        foreach (var piece in element.Descendants())
        {
            switch (piece)
            {
                case Text run:
                    text.Append(run.Text);
                    break;
                case TabChar or Break:
                    text.Append(' ');
                    break;
                case Paragraph when text.Length > 0:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString();
    }
}
