using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// How many XML elements one Office file may have read, empty ones included: the package bounds measure bytes, and 64
/// MiB of <c>&lt;w:p/&gt;</c> or <c>&lt;row/&gt;</c> (11 million elements, deflated to kilobytes) is within them, yet
/// takes gigabytes as a document tree or as rows. Parts loaded whole are counted first by streaming them
/// (<see cref="CountPart"/>); parts read as a stream count as they go (<see cref="Count"/>).
/// </summary>
internal sealed class OfficeElementBudget(string format, long maxElements)
{
    /// <summary>Elements of a DOCX or PPTX, whose parts are loaded whole: a thousand pages of text hold a few hundred thousand.</summary>
    public const long MaxLoadedElements = 2_000_000;

    /// <summary>Rows, cells and shared strings of an XLSX, read as a stream: four for each of the non-empty cells it may have.</summary>
    public const long MaxStreamedElements = 4_000_000;

    private long _counted;

    /// <summary>Counts one element read.</summary>
    public void Count()
    {
        if (++_counted > maxElements)
        {
            throw new ExtractionException($"The {format} file has more than the {maxElements} XML elements this system reads (empty ones included).");
        }
    }

    /// <summary>Counts <paramref name="part"/>'s elements by streaming it, before anything loads it whole.</summary>
    public void CountPart(OpenXmlPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.IsStartElement)
            {
                Count();
                if ((_counted & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
    }
}
