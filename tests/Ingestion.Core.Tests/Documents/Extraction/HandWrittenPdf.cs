using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>
/// One-page PDFs written by hand, so a test controls every byte PdfPig decodes: a page with Helvetica text, its
/// content in one or more streams, its objects either in the file with a cross-reference table, or in a compressed
/// object stream found through a cross-reference stream (PDF 1.5).
/// </summary>
internal static class HandWrittenPdf
{
    /// <summary>A stream's dictionary entries (its filter) and its bytes as stored.</summary>
    public sealed record Stream(string Entries, byte[] Data);

    /// <summary><paramref name="text"/> at the top of the page as content operators.</summary>
    public static byte[] TextOperators(string text) => Encoding.ASCII.GetBytes($"BT /F1 12 Tf 50 700 Td ({text}) Tj ET\n");

    /// <summary><paramref name="bytes"/> followed by <paramref name="spaces"/> spaces, zlib-compressed as Flate wants.</summary>
    public static Stream Flate(byte[] bytes, long spaces = 0)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(bytes);
            var blank = new byte[1 << 20];
            Array.Fill(blank, (byte)' ');
            for (var written = 0L; written < spaces; written += blank.Length)
            {
                zlib.Write(blank, 0, (int)Math.Min(blank.Length, spaces - written));
            }
        }

        return new Stream("/Filter /FlateDecode", output.ToArray());
    }

    /// <summary>A page whose content is <paramref name="contents"/>, one stream after another, in a PDF with a cross-reference table.</summary>
    public static byte[] WithContents(params Stream[] contents)
    {
        var font = 4 + contents.Length;
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [{string.Join(' ', contents.Select((_, i) => $"{4 + i} 0 R"))}] /Resources << /Font << /F1 {font} 0 R >> >> >>"),
        };
        objects.AddRange(contents.Select(StreamObject));
        objects.Add(Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));

        using var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.7\n");
        var offsets = objects.Select((body, i) => WriteObject(pdf, i + 1, body)).ToList();
        var xref = pdf.Position;
        Write(pdf, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(pdf, $"{offset:D10} 00000 n \n");
        }

        Write(pdf, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>
    /// A page saying <paramref name="text"/> whose catalog and page tree sit in an object stream, Flate-compressed
    /// with <paramref name="padding"/> spaces after them: PdfPig decodes it while opening the file, to find the root.
    /// </summary>
    public static byte[] WithObjectStream(string text, long padding)
    {
        // Objects 1 and 2 (catalog, pages) in object stream 3; page 4, content 5, font 6 and the cross-reference stream 7 in the file.
        var catalog = "<< /Type /Catalog /Pages 2 0 R >>\n";
        var pages = "<< /Type /Pages /Kids [4 0 R] /Count 1 >>\n";
        var header = $"1 0 2 {catalog.Length} ";
        var packed = Flate(Ascii(header + catalog + pages), padding);

        using var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.7\n");
        var objectStream = WriteObject(pdf, 3, StreamObject(packed with { Entries = $"/Type /ObjStm /N 2 /First {header.Length} {packed.Entries}" }));
        var page = WriteObject(pdf, 4, Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 6 0 R >> >> >>"));
        var content = WriteObject(pdf, 5, StreamObject(new Stream("", TextOperators(text))));
        var font = WriteObject(pdf, 6, Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"));
        var crossReference = pdf.Position;

        // Entries of 1 + 4 + 2 bytes: type 0 (free), 1 (offset in the file, generation) or 2 (object stream, index in it).
        var entries = new List<(byte Type, long Field2, int Field3)>
        {
            (0, 0, 65535), (2, 3, 0), (2, 3, 1), (1, objectStream, 0), (1, page, 0), (1, content, 0), (1, font, 0), (1, crossReference, 0),
        };
        var table = new byte[entries.Count * 7];
        for (var i = 0; i < entries.Count; i++)
        {
            table[i * 7] = entries[i].Type;
            BinaryPrimitives.WriteUInt32BigEndian(table.AsSpan(i * 7 + 1), (uint)entries[i].Field2);
            BinaryPrimitives.WriteUInt16BigEndian(table.AsSpan(i * 7 + 5), (ushort)entries[i].Field3);
        }

        WriteObject(pdf, 7, StreamObject(new Stream($"/Type /XRef /Size {entries.Count} /W [1 4 2] /Root 1 0 R", table)));
        Write(pdf, $"startxref\n{crossReference}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static byte[] StreamObject(Stream stream)
    {
        using var body = new MemoryStream();
        Write(body, $"<< /Length {stream.Data.Length} {stream.Entries} >>\nstream\n");
        body.Write(stream.Data);
        Write(body, "\nendstream");
        return body.ToArray();
    }

    private static long WriteObject(MemoryStream pdf, int number, byte[] body)
    {
        var offset = pdf.Position;
        Write(pdf, $"{number} 0 obj\n");
        pdf.Write(body);
        Write(pdf, "\nendobj\n");
        return offset;
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static void Write(MemoryStream pdf, string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
}
