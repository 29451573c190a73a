namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// How many bytes PdfPig may decode for one PDF. PdfPig holds each decoded stream in one array, and a few hundred
/// kilobytes of Flate or LZW inflate to gigabytes, so each stream is measured before it is decoded
/// (<see cref="BoundedPdfFilters"/>): one past <see cref="MaxStreamBytes"/>, or all of them past
/// <see cref="MaxTotalBytes"/>, fails the document. One budget serves one document.
/// </summary>
internal sealed class PdfDecodeBudget
{
    /// <summary>The most one stream may decode to: far above a page's content, and above a scanned page's Flate image.</summary>
    public const long MaxStreamBytes = 128L << 20;

    /// <summary>The most all streams together may decode to.</summary>
    public const long MaxTotalBytes = 1L << 30;

    private long total;

    /// <summary>The first bound crossed, kept because PdfPig may catch the exception a decoding filter throws.</summary>
    public ExtractionException? Exceeded { get; private set; }

    /// <summary>Counts a stream of <paramref name="bytes"/> decoded bytes, throwing when it crosses a bound.</summary>
    public void Charge(long bytes, string filter)
    {
        ThrowIfExceeded();
        if (bytes > MaxStreamBytes)
        {
            throw Exceed($"A {filter} stream of the PDF decodes to more than the {MaxStreamBytes} bytes this system reads of one stream.");
        }

        total += bytes;
        if (total > MaxTotalBytes)
        {
            throw Exceed($"The PDF's streams decode to more than the {MaxTotalBytes} bytes this system reads of one document.");
        }
    }

    /// <summary>Throws the bound crossed, if any, whatever PdfPig made of it.</summary>
    public void ThrowIfExceeded()
    {
        if (Exceeded is { } exceeded)
        {
            throw new ExtractionException(exceeded.Message);
        }
    }

    private ExtractionException Exceed(string reason) => Exceeded = new ExtractionException(reason);
}
