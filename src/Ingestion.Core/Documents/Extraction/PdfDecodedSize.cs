using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// The bytes a PDF stream decodes to, counted without keeping them, as PdfPig 0.1.16's own filters decode it: each
/// measure stops one past its limit, so a stream that would decode to gigabytes costs a small buffer to refuse. Only
/// the filters that can multiply their input by more than a small factor are measured: Flate (a thousandfold), LZW
/// (PdfPig's table grows without bound, so a 12-bit code can repeat a string of thousands of bytes) and run length
/// (64-fold).
/// </summary>
internal static class PdfDecodedSize
{
    /// <summary>Flate: PdfPig skips the two zlib header bytes and inflates the rest.</summary>
    public static long Flate(ReadOnlyMemory<byte> deflated, long limit)
    {
        if (deflated.Length < 2)
        {
            return 0;
        }

        // Read where PdfPig holds it; copied only where it is not one array.
        var rest = deflated[2..];
        var data = MemoryMarshal.TryGetArray(rest, out var segment) ? segment : new ArraySegment<byte>(rest.ToArray());
        using var input = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        var buffer = new byte[81920];
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
            // PdfPig inflates damaged data as far as it can before giving up, holding what it has by then.
        }

        return count;
    }

    /// <summary>
    /// LZW as PdfPig decodes it: codes read most significant bit first, 9 to 12 bits wide, widening as its table grows
    /// (one code earlier with <paramref name="earlyChange"/>), and every code after the first adding an entry one byte
    /// longer than the previous code's. Counts the bytes written and the bytes of the table's new entries, which PdfPig
    /// holds too, until both together pass <paramref name="limit"/>. Only the lengths of the first 4,096 entries are
    /// kept: no 12-bit code reaches beyond them.
    /// </summary>
    public static (long Written, long Table) Lzw(ReadOnlySpan<byte> input, bool earlyChange, long limit)
    {
        const int clearTable = 256, endOfData = 257, reachable = 4096;
        var lengths = new int[reachable];
        var tableCount = 258L;
        Array.Fill(lengths, 1, 0, 256);
        var codeBits = 9;
        var codeOffset = earlyChange ? 0 : 1;
        var previous = -1;
        var (written, table) = (0L, 0L);
        var bit = 0L;
        while (written + table <= limit && bit + codeBits <= input.Length * 8L)
        {
            var next = 0;
            for (var i = 0; i < codeBits; i++, bit++)
            {
                next = (next << 1) | ((input[(int)(bit >> 3)] >> (7 - (int)(bit & 7))) & 1);
            }

            if (next == endOfData)
            {
                break;
            }

            if (next == clearTable)
            {
                tableCount = 258;
                previous = -1;
                codeBits = 9;
                continue;
            }

            if (next < tableCount)
            {
                written += lengths[next];
                if (previous >= 0)
                {
                    table += Add(lengths, ref tableCount, lengths[previous] + 1);
                }
            }
            else
            {
                if (previous < 0)
                {
                    // PdfPig fails here: no previous string to extend.
                    break;
                }

                var length = lengths[previous] + 1;
                written += length;
                table += Add(lengths, ref tableCount, length);
            }

            previous = next;
            codeBits = tableCount >= 2047 + codeOffset ? 12 : tableCount >= 1023 + codeOffset ? 11 : tableCount >= 511 + codeOffset ? 10 : 9;
        }

        return (written, table);
    }

    /// <summary>Run length: a byte of 0–127 copies that many bytes and one more; 129–255 repeats the next byte 257 minus it times; 128 ends.</summary>
    public static long RunLength(ReadOnlySpan<byte> input, long limit)
    {
        var count = 0L;
        var i = 0;
        while (i < input.Length && count <= limit)
        {
            var length = input[i];
            if (length == 128)
            {
                break;
            }

            if (length <= 127)
            {
                count += length + 1;
                i += length + 2;
            }
            else
            {
                count += 257 - length;
                i += 2;
            }
        }

        return count;
    }

    private static int Add(int[] lengths, ref long tableCount, int length)
    {
        if (tableCount < lengths.Length)
        {
            lengths[tableCount] = length;
        }

        tableCount++;
        return length;
    }
}
