using System.IO.Compression;
using System.Text;
using Ingestion.Core.Documents.Extraction;

namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>
/// A PDF's compressed streams are inflated by PdfPig into one array each: a few hundred kilobytes of deflated spaces
/// inflate to hundreds of megabytes, so a small PDF could exhaust a worker. They are measured before PdfPig reads them.
/// </summary>
public sealed class PdfStreamBoundTests
{
    [Fact]
    public void APageWhoseContentInflatesBeyondTheBoundFailsAloneWithTheReason()
    {
        var pdf = PdfWithContent(Deflated(Encoding.ASCII.GetBytes("BT /F1 12 Tf 50 700 Td (Terns) Tj ET\n"), spaces: PdfStreamBudget.MaxStreamBytes + (1 << 20)));

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("application/pdf", Convert.ToBase64String(pdf)));

        Assert.Contains($"more than the {PdfStreamBudget.MaxStreamBytes}", error.Message, StringComparison.Ordinal);
        Assert.True(pdf.Length < 1 << 20, $"the PDF is {pdf.Length} bytes");
    }

    [Fact]
    public void APageWithinTheBoundIsRead()
    {
        var pdf = PdfWithContent(Deflated(Encoding.ASCII.GetBytes("BT /F1 12 Tf 50 700 Td (Terns dive) Tj ET\n"), spaces: 1 << 20));

        var text = TextExtractorRegistry.Default.Extract("application/pdf", Convert.ToBase64String(pdf)).Text;

        Assert.Contains("Terns dive", text, StringComparison.Ordinal);
    }

    /// <summary><paramref name="operators"/> followed by <paramref name="spaces"/> spaces, zlib-compressed as PDF's FlateDecode wants.</summary>
    private static byte[] Deflated(byte[] operators, long spaces)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(operators);
            var blank = new byte[1 << 20];
            Array.Fill(blank, (byte)' ');
            for (var written = 0L; written < spaces; written += blank.Length)
            {
                zlib.Write(blank, 0, (int)Math.Min(blank.Length, spaces - written));
            }
        }

        return output.ToArray();
    }

    /// <summary>A one-page PDF whose page content is <paramref name="deflated"/>, written by hand with its cross-reference table.</summary>
    private static byte[] PdfWithContent(byte[] deflated)
    {
        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.7\n");
        offsets.Add(pdf.Position);
        Write("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        offsets.Add(pdf.Position);
        Write("2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        offsets.Add(pdf.Position);
        Write("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n");
        offsets.Add(pdf.Position);
        Write($"4 0 obj\n<< /Length {deflated.Length} /Filter /FlateDecode >>\nstream\n");
        pdf.Write(deflated);
        Write("\nendstream\nendobj\n");
        offsets.Add(pdf.Position);
        Write("5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n");
        var xref = pdf.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
