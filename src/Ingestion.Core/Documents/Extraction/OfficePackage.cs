using System.IO.Compression;
using DocumentFormat.OpenXml.Packaging;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// The bounds every Office Open XML file (DOCX, PPTX, XLSX: zip packages of XML parts) is read within: a zip bomb of a
/// few MB expands a thousandfold into a DOM of gigabytes, so the parts' declared sizes are checked before anything is
/// parsed, and the Open XML SDK enforces the same bound while it reads each part (declared sizes can lie).
/// </summary>
internal static class OfficePackage
{
    /// <summary>
    /// The most bytes one part of the package (its main document, say) may expand to: a DOCX of a thousand pages has a
    /// document part of a few tens of MB.
    /// </summary>
    public const long MaxPartBytes = 64L * 1024 * 1024;

    /// <summary>The most bytes all parts together may expand to.</summary>
    public const long MaxPackageBytes = 256L * 1024 * 1024;

    public static OpenSettings Settings => new() { MaxCharactersInPart = MaxPartBytes };

    /// <summary>The package as a stream to open, once its parts' declared sizes are within the bounds.</summary>
    public static MemoryStream Checked(byte[] bytes, string format)
    {
        var stream = new MemoryStream(bytes, writable: false);
        try
        {
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
            {
                long total = 0;
                foreach (var entry in zip.Entries)
                {
                    if (entry.Length > MaxPartBytes)
                    {
                        throw new ExtractionException($"The {format} part {entry.FullName} expands to {entry.Length} bytes from {entry.CompressedLength}, more than the {MaxPartBytes} this system reads.");
                    }

                    total += entry.Length;
                }

                if (total > MaxPackageBytes)
                {
                    throw new ExtractionException($"The {format} file expands to {total} bytes, more than the {MaxPackageBytes} this system reads.");
                }
            }

            stream.Position = 0;
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }
}
