using System.Diagnostics;
using CsCheck;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Ocr;

namespace Ingestion.Core.Tests.Documents.Ocr;

/// <summary>
/// OCR with the real Tesseract and pdftoppm (installed by eng/install-ocr.sh): images and scanned pages made here by
/// rendering known text, then read back and compared character by character.
/// </summary>
public sealed class OcrTests
{
    private static readonly string[] Lines =
    [
        "The harbour master records every vessel that enters the port.",
        "Ferries to the northern islands leave twice a day in summer.",
        "Fishing boats must report their catch before they unload it.",
        "Storm warnings are posted on the quay and broadcast on radio.",
    ];

    private static readonly string[] OtherLines =
    [
        "Lighthouses guide ships past the rocks at the mouth of the bay.",
        "Their lamps turn once every ten seconds throughout the night.",
    ];

    [Fact]
    public void AnImageOfKnownTextIsReadWithACharacterErrorRateUnderTwoPercent()
    {
        var image = ScannedPages.Render(Lines);

        var extracted = Registry().Extract("image/png", Convert.ToBase64String(image));

        var rate = ScannedPages.CharacterErrorRate(string.Join(' ', Lines), extracted.Text);
        Assert.True(rate < 0.02, $"character error rate {rate:P2}: {extracted.Text}");
        Assert.Equal([1], extracted.Pages!.Select(p => p.Number));
    }

    [Fact]
    public void AScannedPdfIsReadPageByPageKeepingItsTextLayerWhereItHasOne()
    {
        var pdf = ScannedPages.Pdf(ScannedPages.Render(Lines), OtherLines, ScannedPages.Render(OtherLines));

        var extracted = Registry().Extract("application/pdf", Convert.ToBase64String(pdf));

        Assert.Equal([1, 2, 3], extracted.Pages!.Select(p => p.Number));
        var second = extracted.Pages![1].Offset;
        var third = extracted.Pages![2].Offset;
        Assert.True(ScannedPages.CharacterErrorRate(string.Join(' ', Lines), extracted.Text[..second]) < 0.02, extracted.Text[..second]);
        Assert.Equal(string.Join(' ', OtherLines), extracted.Text[second..third].Trim());
        Assert.True(ScannedPages.CharacterErrorRate(string.Join(' ', OtherLines), extracted.Text[third..]) < 0.02, extracted.Text[third..]);
    }

    [Fact]
    public void ContentThatIsNotAnImageNeverReachesTesseractSoItCannotNameFilesOfTheMachineToRead()
    {
        // Tesseract takes a file that is not an image as a list of image paths and reads those: a "PNG" naming an image
        // on the worker's disk would put that image's text in the index. Whatever comes before the path, it is refused.
        var folder = Directory.CreateTempSubdirectory("ocr-secret-").FullName;
        var secret = Path.Combine(folder, "secret.png");
        File.WriteAllBytes(secret, ScannedPages.Render(["Quarterly payroll figures for every employee."]));
        var registry = Registry();
        try
        {
            Gen.String[0, 40].Where(prefix => !prefix.StartsWith('\u0089') && !prefix.StartsWith('\u00FF') && !prefix.StartsWith("II", StringComparison.Ordinal) && !prefix.StartsWith("MM", StringComparison.Ordinal))
                .Sample(
                    prefix =>
                    {
                        var content = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(prefix + "\n" + secret + "\n"));
                        var error = Assert.Throws<ExtractionException>(() => registry.Extract("image/png", content));
                        Assert.Contains("not a PNG, JPEG or TIFF image", error.Message, StringComparison.Ordinal);
                    },
                    iter: 25);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WithoutTesseractImagesAndScansFailSayingHowToEnableOcr()
    {
        var registry = Registry(new OcrOptions { Tesseract = "/nonexistent/tesseract" });

        var image = Assert.Throws<ExtractionException>(() => registry.Extract("image/png", Convert.ToBase64String(ScannedPages.Render(["x"]))));
        var scan = Assert.Throws<ExtractionException>(() => registry.Extract("application/pdf", Convert.ToBase64String(ScannedPages.Pdf(ScannedPages.Render(["x"])))));

        Assert.Contains("eng/install-ocr.sh", image.Message, StringComparison.Ordinal);
        Assert.Contains("no text layer", scan.Message, StringComparison.Ordinal);
        Assert.Contains("eng/install-ocr.sh", scan.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void APageOverItsTimeBudgetIsKilledAndFailsTheDocumentWithTheReason()
    {
        // A "tesseract" that never finishes: the bound is on the child process, whatever it is doing.
        var folder = Directory.CreateTempSubdirectory("ocr-slow-").FullName;
        var slow = Path.Combine(folder, "tesseract");
        File.WriteAllText(slow, "#!/bin/sh\nsleep 60\n");
        File.SetUnixFileMode(slow, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var registry = Registry(new OcrOptions { Tesseract = slow, PageTimeout = TimeSpan.FromSeconds(1) });
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ExtractionException>(() => registry.Extract("image/png", Convert.ToBase64String(ScannedPages.Render(["x"]))));

        Assert.Contains("Ocr:PageTimeout", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the page was given {clock.Elapsed}");
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void AProcessOverItsMemoryLimitFailsTheDocumentWithTheReason()
    {
        var registry = Registry(new OcrOptions { MaxProcessBytes = 64L * 1024 * 1024 });

        var error = Assert.Throws<ExtractionException>(() => registry.Extract("image/png", Convert.ToBase64String(ScannedPages.Render(Lines))));

        Assert.Contains("Recognising the image failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AScanOfMorePagesThanTheBoundFailsWithTheReason()
    {
        var page = ScannedPages.Render(["x"]);
        var registry = Registry(new OcrOptions { MaxPages = 1 });

        var error = Assert.Throws<ExtractionException>(() => registry.Extract("application/pdf", Convert.ToBase64String(ScannedPages.Pdf(page, page))));

        Assert.Contains("Ocr:MaxPages", error.Message, StringComparison.Ordinal);
    }

    private static TextExtractorRegistry Registry(OcrOptions? options = null) =>
        TextExtractorRegistry.With(new TesseractOcr(Microsoft.Extensions.Options.Options.Create(options ?? new OcrOptions())));
}
