using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// PdfPig's own filters, each decode charged to a <see cref="PdfDecodeBudget"/>: given to PdfPig as its filter
/// provider (<c>ParsingOptions.FilterProvider</c>), so every stream it decodes passes here, including the object and
/// cross-reference streams it decodes while opening a file, before anything else could look at them.
/// Flate, LZW and run length are measured before they decode (<see cref="PdfDecodedSize"/>); the ASCII filters, which
/// shrink their input, are charged what they return. The image filters stay PdfPig's own: they run only when an
/// image's pixels are asked for, which text extraction never does, and PdfPig tells a fax image by its filter's type.
/// </summary>
internal sealed class BoundedPdfFilters(PdfDecodeBudget budget) : BaseFilterProvider(Filters(budget))
{
    private static Dictionary<string, IFilter> Filters(PdfDecodeBudget budget)
    {
        var flate = new MeasuredFilter(new FlateFilter(), "Flate", budget, (input, _, _, limit) => PdfDecodedSize.Flate(input, limit));
        var lzw = new MeasuredFilter(new LzwFilter(), "LZW", budget, (input, dictionary, index, limit) =>
        {
            var (written, table) = PdfDecodedSize.Lzw(input.Span, EarlyChange(dictionary, index), limit);
            return written + table;
        });
        var runLength = new MeasuredFilter(new RunLengthFilter(), "run-length", budget, (input, _, _, limit) => PdfDecodedSize.RunLength(input.Span, limit));
        var ascii85 = new MeasuredFilter(new Ascii85Filter(), "ASCII85", budget);
        var asciiHex = new MeasuredFilter(new AsciiHexDecodeFilter(), "ASCII hex", budget);
        var ccitt = new CcittFaxDecodeFilter();
        var dct = new DctDecodeFilter();
        var jbig2 = new Jbig2DecodeFilter();
        var jpx = new JpxDecodeFilter();

        // The names and abbreviations PdfPig's DefaultFilterProvider maps.
        return new Dictionary<string, IFilter>(StringComparer.Ordinal)
        {
            [NameToken.FlateDecode.Data] = flate,
            [NameToken.FlateDecodeAbbreviation.Data] = flate,
            [NameToken.LzwDecode.Data] = lzw,
            [NameToken.LzwDecodeAbbreviation.Data] = lzw,
            [NameToken.RunLengthDecode.Data] = runLength,
            [NameToken.RunLengthDecodeAbbreviation.Data] = runLength,
            [NameToken.Ascii85Decode.Data] = ascii85,
            [NameToken.Ascii85DecodeAbbreviation.Data] = ascii85,
            [NameToken.AsciiHexDecode.Data] = asciiHex,
            [NameToken.AsciiHexDecodeAbbreviation.Data] = asciiHex,
            [NameToken.CcittfaxDecode.Data] = ccitt,
            [NameToken.CcittfaxDecodeAbbreviation.Data] = ccitt,
            [NameToken.DctDecode.Data] = dct,
            [NameToken.DctDecodeAbbreviation.Data] = dct,
            [NameToken.Jbig2Decode.Data] = jbig2,
            [NameToken.JpxDecode.Data] = jpx,
        };
    }

    /// <summary>LZW's EarlyChange parameter (default 1), which decides when its codes widen.</summary>
    private static bool EarlyChange(DictionaryToken dictionary, int filterIndex) =>
        !DecodeParameterResolver.GetFilterParameters(dictionary, filterIndex).TryGet(NameToken.EarlyChange, out NumericToken earlyChange)
        || earlyChange.Int == 1;

    /// <summary>One of PdfPig's filters, its output charged to the budget: measured first where <paramref name="measure"/> is given.</summary>
    private sealed class MeasuredFilter(
        IFilter inner,
        string name,
        PdfDecodeBudget budget,
        Func<Memory<byte>, DictionaryToken, int, long, long>? measure = null) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            if (measure is not null)
            {
                budget.Charge(measure(input, streamDictionary, filterIndex, PdfDecodeBudget.MaxStreamBytes), name);
                return inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            }

            var output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            budget.Charge(output.Length, name);
            return output;
        }
    }
}
