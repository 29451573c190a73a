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

    /// <summary>An OLE compound file's first bytes: what an encrypted Office file is, and a legacy .doc, .ppt or .xls.</summary>
    private static ReadOnlySpan<byte> CompoundFile => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The package as a stream to open, once its parts' declared sizes are within the bounds.</summary>
    public static MemoryStream Checked(byte[] bytes, string format)
    {
        if (bytes.AsSpan().StartsWith(CompoundFile))
        {
            throw new ExtractionException($"The {format} file is encrypted (password-protected), or a legacy binary Office file rather than Open XML: save it without a password as {format}.");
        }

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
