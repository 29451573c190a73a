using CsCheck;
using Ingestion.Core.Documents.Extraction;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>
/// PdfPig decodes each compressed stream into one array: a few hundred kilobytes of Flate or LZW inflate to hundreds
/// of megabytes, so a small PDF could exhaust a worker. Every stream PdfPig decodes, including those it decodes while
/// opening the file, is measured first; a refused PDF fails alone, with the reason, having allocated little.
/// </summary>
public sealed class PdfDecodeBoundTests
{
    /// <summary>Far below the 128 MiB a refused stream would decode to, far above what reading a small PDF takes.</summary>
    private const long AllocatedAtMost = 48L << 20;

    private const long PastTheBound = PdfDecodeBudget.MaxStreamBytes + (1 << 20);

    [Fact]
    public void APageWhoseFlateContentInflatesBeyondTheBoundIsRefused()
    {
        var pdf = HandWrittenPdf.WithContents(HandWrittenPdf.Flate(HandWrittenPdf.TextOperators("Terns"), spaces: PastTheBound));

        AssertRefused(pdf, "A Flate stream");
        Assert.True(pdf.Length < 1 << 20, $"the PDF is {pdf.Length} bytes");
    }

    [Fact]
    public void APageWhoseFlateContentIsWithinTheBoundIsRead()
    {
        var pdf = HandWrittenPdf.WithContents(HandWrittenPdf.Flate(HandWrittenPdf.TextOperators("Terns dive"), spaces: 1 << 20));

        Assert.Contains("Terns dive", Read(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void AnObjectStreamThatInflatesBeyondTheBoundIsRefusedBeforeItIsDecoded()
    {
        // PdfPig decodes the object stream while opening the file, to find the catalog in it.
        var pdf = HandWrittenPdf.WithObjectStream("Terns", padding: PastTheBound);

        AssertRefused(pdf, "A Flate stream");
    }

    [Fact]
    public void APdfWhoseObjectsAreInAnObjectStreamWithinTheBoundIsRead()
    {
        var pdf = HandWrittenPdf.WithObjectStream("Terns nest", padding: 1 << 20);

        Assert.Contains("Terns nest", Read(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void APageWhoseLzwContentDecodesBeyondTheBoundIsRefused()
    {
        // About 35,000 twelve-bit codes, each repeating 3,839 spaces: 54 KB that PdfPig would decode to 129 MiB.
        var lzw = LzwCodes.Pack(LzwCodes.Runs((byte)' ', repeats: (int)(PastTheBound / 3839)));
        var pdf = HandWrittenPdf.WithContents(
            HandWrittenPdf.Flate(HandWrittenPdf.TextOperators("Terns")),
            new HandWrittenPdf.Stream("/Filter /LZWDecode", lzw));

        AssertRefused(pdf, "A LZW stream");
        Assert.True(pdf.Length < 1 << 20, $"the PDF is {pdf.Length} bytes");
    }

    [Fact]
    public void APageWithLzwContentWithinTheBoundIsRead()
    {
        var lzw = LzwCodes.Pack(LzwCodes.Runs((byte)' ', repeats: 100));
        var pdf = HandWrittenPdf.WithContents(
            HandWrittenPdf.Flate(HandWrittenPdf.TextOperators("Terns fish")),
            new HandWrittenPdf.Stream("/Filter /LZWDecode", lzw));

        Assert.Contains("Terns fish", Read(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public void TheLzwMeasureCountsWhatPdfPigDecodes()
    {
        // Random code sequences, valid as PdfPig reads them (a literal after each start; later codes up to one past
        // the table), with clears among them. The table's bytes, which PdfPig also holds, are counted besides.
        Gen.Select(Gen.Int[0, 999].Array[1, 3_000].Select(Sequence), Gen.Bool).Sample((sequence, earlyChange) =>
        {
            var packed = LzwCodes.Pack(sequence, earlyChange);
            var parameters = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.EarlyChange] = new NumericToken(earlyChange ? 1 : 0) });
            var dictionary = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.Filter] = NameToken.LzwDecode, [NameToken.DecodeParms] = parameters });
            var decoded = new LzwFilter().Decode(packed, dictionary, DefaultFilterProvider.Instance, 0).Length;
            var (written, table) = PdfDecodedSize.Lzw(packed, earlyChange, long.MaxValue);
            Assert.Equal(decoded, written);
            Assert.InRange(table, 0, written + sequence.Count);
        }, iter: 300);
    }

    [Fact]
    public void TheLzwMeasureCountsTheTableAsWellAsTheBytesWritten()
    {
        // By hand: the literal writes 1 byte; codes 258..4095 write 2..3,839 bytes and add entries as long; each of the
        // 10 repeats of code 4,095 writes its 3,839 bytes and adds an entry of 3,840.
        var (written, table) = PdfDecodedSize.Lzw(LzwCodes.Pack(LzwCodes.Runs((byte)' ', repeats: 10)), earlyChange: true, long.MaxValue);

        var entries = (2L + 3839) * 3838 / 2;
        Assert.Equal(1 + entries + (10 * 3839), written);
        Assert.Equal(entries + (10 * 3840), table);
    }

    [Fact]
    public void TheRunLengthMeasureCountsWhatPdfPigDecodes()
    {
        // Well-formed runs: literal runs with their bytes, repeats with their byte, then the end marker.
        var run = Gen.OneOf(
            Gen.Byte[0, 127].SelectMany(length => Gen.Byte.Array[length + 1].Select(bytes => (byte[])[length, .. bytes])),
            Gen.Byte[129, 255].SelectMany(length => Gen.Byte.Select(value => new[] { length, value })));
        run.Array[0, 40].Sample(runs =>
        {
            byte[] encoded = [.. runs.SelectMany(r => r), 128];
            var decoded = new RunLengthFilter().Decode(encoded, new DictionaryToken(new Dictionary<NameToken, IToken>()), DefaultFilterProvider.Instance, 0).Length;
            Assert.Equal(decoded, PdfDecodedSize.RunLength(encoded, long.MaxValue));
        }, iter: 300);
    }

    [Fact]
    public void TheFlateMeasureCountsWhatPdfPigInflates()
    {
        Gen.Byte[0, 3].Array[0, 50_000].Sample(bytes =>
        {
            var deflated = HandWrittenPdf.Flate(bytes).Data;
            var dictionary = new DictionaryToken(new Dictionary<NameToken, IToken> { [NameToken.Filter] = NameToken.FlateDecode });
            var inflated = new FlateFilter().Decode(deflated, dictionary, DefaultFilterProvider.Instance, 0).Length;
            Assert.Equal(inflated, PdfDecodedSize.Flate(deflated, long.MaxValue));
        }, iter: 100);
    }

    /// <summary>
    /// Turns draws of 0–999 into codes: 2 in 1,000 clear the table (so it often grows past 511 entries, where codes
    /// widen), the first after each start is a literal, 12 in 100 name the entry not yet in the table (the string just
    /// written, extended by its first byte), the others an entry already in it.
    /// </summary>
    private static List<int> Sequence(int[] draws)
    {
        var codes = new List<int>();
        var table = 258;
        var first = true;
        foreach (var draw in draws)
        {
            if (draw < 2 && !first)
            {
                codes.Add(LzwCodes.ClearTable);
                (table, first) = (258, true);
                continue;
            }

            var code = first ? draw % 256 : draw < 120 ? Math.Min(4095, table) : Math.Min(4095, draw * table / 1000);
            if (code is LzwCodes.ClearTable or LzwCodes.EndOfData)
            {
                code = 'a';
            }

            codes.Add(code);
            table += first ? 0 : 1;
            first = false;
        }

        codes.Add(LzwCodes.EndOfData);
        return codes;
    }

    private static string Read(byte[] pdf) => TextExtractorRegistry.Default.Extract("application/pdf", Convert.ToBase64String(pdf)).Text;

    /// <summary>Extraction fails with the bound's reason, having allocated far less than the stream would decode to.</summary>
    private static void AssertRefused(byte[] pdf, string reason)
    {
        var content = Convert.ToBase64String(pdf);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("application/pdf", content));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.StartsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains($"more than the {PdfDecodeBudget.MaxStreamBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocatedAtMost, $"reading the refused PDF allocated {allocated} bytes");
    }
}
