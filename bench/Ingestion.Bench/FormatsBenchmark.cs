using System.Diagnostics;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Ocr;
using Ingestion.Tests.Shared;

namespace Ingestion.Bench;

/// <summary>
/// Extraction speed of PDFs on this machine, in pages per second: scanned pages (images, read by Tesseract through the
/// worker's own extractor with its default settings) and pages with a text layer (PdfPig), each measured several times
/// in one run, with the character error rate of what OCR read.
/// </summary>
internal static class FormatsBenchmark
{
    private static readonly string[] Lines =
    [
        "The harbour master records every vessel that enters the port, its tonnage, its flag and its cargo.",
        "Ferries to the northern islands leave twice a day in summer and once a day in winter when the sea allows.",
        "Fishing boats must report their catch before they unload it at the fish market on the western quay.",
        "Storm warnings are posted on the quay and broadcast on the coastal radio every four hours.",
        "Pilots board inbound ships at the outer buoy and bring them through the narrows at high water only.",
        "The lighthouse keeper logs the weather at dawn and dusk and sends the readings to the met office.",
    ];

    public static object Run(int scannedPages, int textPages, int repeats)
    {
        var registry = TextExtractorRegistry.With(new TesseractOcr(Microsoft.Extensions.Options.Options.Create(new OcrOptions())));
        var scan = ScannedPages.Render(Lines);
        var scanned = Convert.ToBase64String(ScannedPages.Pdf([.. Enumerable.Repeat<object>(scan, scannedPages)]));
        var text = Convert.ToBase64String(ScannedPages.Pdf([.. Enumerable.Repeat<object>(Lines, textPages)]));

        var ocrRates = new List<double>();
        var textRates = new List<double>();
        double errorRate = 0;
        registry.Extract("application/pdf", text);
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            var read = registry.Extract("application/pdf", scanned);
            ocrRates.Add(scannedPages / clock.Elapsed.TotalSeconds);
            errorRate = ScannedPages.CharacterErrorRate(string.Join(' ', Enumerable.Repeat(string.Join(' ', Lines), scannedPages)), read.Text);

            clock.Restart();
            registry.Extract("application/pdf", text);
            textRates.Add(textPages / clock.Elapsed.TotalSeconds);
        }

        var result = new
        {
            scannedPagesPerSecond = Summary(ocrRates),
            textLayerPagesPerSecond = Summary(textRates),
            textLayerOverOcr = Math.Round(textRates.Average() / ocrRates.Average(), 1),
            ocrCharacterErrorRate = Math.Round(errorRate, 4),
            scannedPages,
            textPages,
            repeats,
        };
        Console.WriteLine($"OCR (scanned PDF pages, 300 dpi, 1 thread): {result.scannedPagesPerSecond.Mean} pages/s (min {result.scannedPagesPerSecond.Min}, max {result.scannedPagesPerSecond.Max}), character error rate {errorRate:P2}");
        Console.WriteLine($"text-layer PDF pages: {result.textLayerPagesPerSecond.Mean} pages/s (min {result.textLayerPagesPerSecond.Min}, max {result.textLayerPagesPerSecond.Max}); {result.textLayerOverOcr}x OCR's");
        return result;
    }

    private static Rate Summary(List<double> rates) => new(Math.Round(rates.Average(), 2), Math.Round(rates.Min(), 2), Math.Round(rates.Max(), 2));

    private sealed record Rate(double Mean, double Min, double Max);
}
