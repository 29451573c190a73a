using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>Word documents (DOCX, sent base64-encoded) with the Open XML SDK: every paragraph, in tables too, as a block.</summary>
public sealed class DocxExtractor : ITextExtractor
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public IReadOnlyCollection<string> ContentTypes { get; } = [ContentType];

    public bool TakesBase64 => true;

    /// <summary>
    /// The most bytes one part of the package (its main document, say) may expand to: a DOCX of a thousand pages has a
    /// document part of a few tens of MB, while a zip bomb of a few MB expands a thousandfold into a DOM of gigabytes.
    /// </summary>
    public const long MaxPartBytes = 64L * 1024 * 1024;

    /// <summary>The most bytes all parts together may expand to.</summary>
    public const long MaxPackageBytes = 256L * 1024 * 1024;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "DOCX");
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            CheckExpandedSizes(stream);
            // The declared sizes can lie; the Open XML SDK enforces the same bound while it reads each part.
            using var document = WordprocessingDocument.Open(stream, isEditable: false, new OpenSettings { MaxCharactersInPart = MaxPartBytes });
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

    /// <summary>Refuses a package whose parts, as the zip declares them, expand beyond the bounds, before any of it is parsed.</summary>
    private static void CheckExpandedSizes(MemoryStream stream)
    {
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > MaxPartBytes)
                {
                    throw new ExtractionException($"The DOCX part {entry.FullName} expands to {entry.Length} bytes from {entry.CompressedLength}, more than the {MaxPartBytes} this system reads.");
                }

                total += entry.Length;
            }

            if (total > MaxPackageBytes)
            {
                throw new ExtractionException($"The DOCX file expands to {total} bytes, more than the {MaxPackageBytes} this system reads.");
            }
        }

        stream.Position = 0;
    }
}
