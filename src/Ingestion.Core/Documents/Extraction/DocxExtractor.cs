using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>Word documents (DOCX, sent base64-encoded) with the Open XML SDK: every paragraph, in tables too, as a block.</summary>
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
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var piece in paragraph.Descendants())
                {
                    switch (piece)
                    {
                        case Text text:
                            blocks.Append(text.Text);
                            break;
                        case TabChar:
                            blocks.Append(" ");
                            break;
                        case Break:
                            blocks.Append(" ");
                            break;
                    }
                }

                blocks.Break();
            }

            return new ExtractedText(blocks.ToString());
        }
        catch (Exception exception) when (exception is not ExtractionException and not OutOfMemoryException)
        {
            throw new ExtractionException($"The content is not a readable DOCX file: {exception.Message}", exception);
        }
    }
}
