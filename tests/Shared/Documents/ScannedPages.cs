using System.Diagnostics;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Ingestion.Tests.Shared;

/// <summary>
/// Scans made from known text, for OCR's tests and benchmark: lines typeset by PdfPig and rasterised at 300 dpi by
/// poppler's pdftoppm, as a scanner would see them, and PDFs of such images (pages without a text layer).
/// </summary>
public static class ScannedPages
{
    /// <summary>The lines as a 300-dpi PNG of an A4 page.</summary>
    public static byte[] Render(IReadOnlyList<string> lines)
    {
        var folder = Directory.CreateTempSubdirectory("scan-render-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "text.pdf"), Pdf(lines));
            using var pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "300", "-png", "-singlefile", "text.pdf", "page"]) { WorkingDirectory = folder })!;
            pdftoppm.WaitForExit();
            if (pdftoppm.ExitCode != 0)
            {
                throw new InvalidOperationException($"pdftoppm failed ({pdftoppm.ExitCode}); bash eng/install-ocr.sh installs it.");
            }

            return File.ReadAllBytes(Path.Combine(folder, "page.png"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// A PDF of A4 pages: a page given as PNG bytes is that image filling the page (a scan, no text layer), and a page
    /// given as lines is that text (a text layer).
    /// </summary>
    public static byte[] Pdf(params object[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var content in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            switch (content)
            {
                case byte[] png:
                    page.AddPng(png, new UglyToad.PdfPig.Core.PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
                    break;
                case IReadOnlyList<string> lines:
                    for (var i = 0; i < lines.Count; i++)
                    {
                        page.AddText(lines[i], 12, new UglyToad.PdfPig.Core.PdfPoint(60, 760 - (i * 20)), font);
                    }

                    break;
                default:
                    throw new ArgumentException($"A page is PNG bytes or lines of text, not {content.GetType()}.", nameof(pages));
            }
        }

        return builder.Build();
    }

    /// <summary>Edit distance between the texts, white space folded, over the reference's length.</summary>
    public static double CharacterErrorRate(string reference, string read)
    {
        static string Fold(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var (a, b) = (Fold(reference), Fold(read));
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return (double)previous[b.Length] / a.Length;
    }
}
