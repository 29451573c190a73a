using System.IO.Compression;
using System.Runtime.InteropServices;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// How far a PDF's Flate-compressed streams inflate, measured before PdfPig decodes any: PdfPig holds each decoded
/// stream in one array, and a few hundred kilobytes of deflated blanks inflate to gigabytes. Each stream is inflated
/// into a small buffer and counted, nothing kept; one past <see cref="MaxStreamBytes"/>, or all past
/// <see cref="MaxTotalBytes"/>, fails the document. Images are not measured: text extraction never decodes them.
/// Other filters are left to PdfPig: none of them multiplies its input by more than a small factor, where Flate
/// multiplies it by a thousand.
/// </summary>
internal static class PdfStreamBudget
{
    /// <summary>The most one stream may inflate to: far above a page's content, and above a scanned page's Flate image.</summary>
    public const long MaxStreamBytes = 128L << 20;

    /// <summary>The most all streams together may inflate to.</summary>
    public const long MaxTotalBytes = 1L << 30;

    /// <summary>Throws <see cref="ExtractionException"/> when a stream of <paramref name="document"/> inflates past a bound.</summary>
    public static void Check(PdfDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new byte[81920];
        var total = 0L;
        foreach (var reference in document.Structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (StreamOf(document, reference) is not { } stream || !IsFlate(stream.StreamDictionary) || IsImage(stream.StreamDictionary))
            {
                continue;
            }

            var inflated = Inflated(stream.Data, buffer, MaxStreamBytes);
            if (inflated > MaxStreamBytes)
            {
                throw new ExtractionException($"A stream of the PDF (object {reference.ObjectNumber}) inflates to more than the {MaxStreamBytes} bytes this system reads of one stream.");
            }

            total += inflated;
            if (total > MaxTotalBytes)
            {
                throw new ExtractionException($"The PDF's streams inflate to more than the {MaxTotalBytes} bytes this system reads of one document.");
            }
        }
    }

    private static StreamToken? StreamOf(PdfDocument document, UglyToad.PdfPig.Core.IndirectReference reference)
    {
        try
        {
            return document.Structure.GetObject(reference)?.Data as StreamToken;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A broken object is PdfPig's to report, if the text needs it; it inflates nothing here.
            return null;
        }
    }

    /// <summary>Whether the stream's first filter (the one applied to its bytes as stored) is Flate.</summary>
    private static bool IsFlate(DictionaryToken dictionary)
    {
        if (!dictionary.TryGet(NameToken.Filter, out var filter))
        {
            return false;
        }

        var first = filter is ArrayToken { Length: > 0 } array ? array.Data[0] : filter;
        return first is NameToken { Data: "FlateDecode" or "Fl" };
    }

    private static bool IsImage(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Subtype, out var subtype) && subtype is NameToken { Data: "Image" };

    /// <summary>The bytes <paramref name="deflated"/> inflates to, counted up to one past <paramref name="limit"/>.</summary>
    private static long Inflated(ReadOnlyMemory<byte> deflated, byte[] buffer, long limit)
    {
        // A zlib stream, as PDF writes Flate: its two header bytes skipped, as PdfPig's own Flate filter does. Read
        // where PdfPig holds it; copied only where it is not one array.
        var skip = deflated.Length > 2 && (deflated.Span[0] & 0x0F) == 8 ? 2 : 0;
        var data = MemoryMarshal.TryGetArray(deflated[skip..], out var segment) ? segment : new ArraySegment<byte>(deflated[skip..].ToArray());
        using var input = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        var count = 0L;
        try
        {
            int read;
            while (count <= limit && (read = inflater.Read(buffer, 0, buffer.Length)) > 0)
            {
                count += read;
            }
        }
        catch (InvalidDataException)
        {
            // Damaged data inflates as far as it can; PdfPig decides what to make of the rest.
        }

        return count;
    }
}
