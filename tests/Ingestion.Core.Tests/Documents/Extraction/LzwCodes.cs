namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>
/// Packs LZW codes as a PDF's LZWDecode stream holds them: most significant bit first, 9 bits wide until the table
/// holds 511 entries (one more with EarlyChange 0), 10 until 1,023, 11 until 2,047, then 12; a clear-table code (256)
/// starts over at 9. The table starts with 258 entries and every code after the first adds one.
/// </summary>
internal static class LzwCodes
{
    public const int ClearTable = 256;
    public const int EndOfData = 257;

    public static byte[] Pack(IEnumerable<int> codes, bool earlyChange = true)
    {
        var offset = earlyChange ? 0 : 1;
        var bits = new List<bool>();
        var width = 9;
        var table = 258;
        var first = true;
        foreach (var code in codes)
        {
            for (var i = width - 1; i >= 0; i--)
            {
                bits.Add(((code >> i) & 1) == 1);
            }

            if (code == ClearTable)
            {
                (width, table, first) = (9, 258, true);
                continue;
            }

            if (!first)
            {
                table++;
            }

            first = false;
            width = table >= 2047 + offset ? 12 : table >= 1023 + offset ? 11 : table >= 511 + offset ? 10 : 9;
        }

        var bytes = new byte[(bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return bytes;
    }

    /// <summary>
    /// Codes that decode to runs of <paramref name="literal"/>: the literal, then each new entry (one byte longer than
    /// the last) up to code 4,095, then code 4,095 (3,839 bytes) <paramref name="repeats"/> times: each 12-bit code
    /// repeats thousands of bytes, as PdfPig's table grows without bound.
    /// </summary>
    public static IEnumerable<int> Runs(byte literal, int repeats)
    {
        yield return literal;
        for (var code = 258; code <= 4095; code++)
        {
            yield return code;
        }

        for (var i = 0; i < repeats; i++)
        {
            yield return 4095;
        }

        yield return EndOfData;
    }
}
