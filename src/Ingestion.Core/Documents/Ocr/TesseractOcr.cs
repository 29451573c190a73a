using System.Globalization;
using System.Text;
using Ingestion.Core.Documents.Extraction;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Documents.Ocr;

/// <summary>
/// Tesseract and poppler's <c>pdftoppm</c> as bounded child processes (<see cref="BoundedProcess"/>), working in a
/// temporary folder of their own that is removed after each page. Whether they are installed is found once, at start.
/// </summary>
public sealed class TesseractOcr : IOcrEngine
{
    private const string Install = "install it with `bash eng/install-ocr.sh` (Debian's tesseract-ocr, tesseract-ocr-eng and poppler-utils)";

    private readonly OcrOptions _options;
    private readonly string? _tesseract;
    private readonly string? _pdftoppm;

    public TesseractOcr(IOptions<OcrOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _tesseract = BoundedProcess.Which(_options.Tesseract);
        _pdftoppm = BoundedProcess.Which(_options.Pdftoppm);
        Unavailable = !_options.Enabled ? "OCR is off (Ocr:Enabled=false); set Ocr:Enabled=true to read images and scanned pages."
            : _tesseract is null ? $"OCR needs Tesseract ({_options.Tesseract}), which is not installed: {Install}."
            : null;
    }

    public string? Unavailable { get; }

    public int MaxPages => _options.MaxPages;

    public int MinPageCharacters => _options.MinPageCharacters;

    public IReadOnlyList<string> RecognizeImage(byte[] image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        // Tesseract reads an input it does not recognise as an image as a list of image paths, and recognises those:
        // content naming files of this machine would have them read into the index. Only images go to it.
        if (!ImageSignatures.IsImage(image))
        {
            throw new ExtractionException("The content is not a PNG, JPEG or TIFF image.");
        }

        return InFolder<IReadOnlyList<string>>(folder =>
        {
            var input = Path.Combine(folder, "image");
            File.WriteAllBytes(input, image);
            // Tesseract ends each page of a multi-page image with a form feed.
            return [.. Recognize(folder, input, "Recognising the image", cancellationToken).Split('\f').Select(p => p.Trim()).Where(p => p.Length > 0)];
        });
    }

    public string RecognizePdfPage(byte[] pdf, int pageNumber, double widthPoints, double heightPoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (_pdftoppm is null)
        {
            throw new ExtractionException($"Page {pageNumber} has no text layer, and rendering it for OCR needs poppler's pdftoppm ({_options.Pdftoppm}), which is not installed: {Install}.");
        }

        return InFolder(folder =>
        {
            var input = Path.Combine(folder, "document.pdf");
            File.WriteAllBytes(input, pdf);
            var page = pageNumber.ToString(CultureInfo.InvariantCulture);
            var longest = Math.Max(widthPoints, heightPoints) / 72 * _options.Dpi;
            // A page larger than MaxPagePixels at the resolution is scaled to fit it, so no page renders to gigabytes.
            string[] size = longest > _options.MaxPagePixels
                ? ["-scale-to", _options.MaxPagePixels.ToString(CultureInfo.InvariantCulture)]
                : ["-r", _options.Dpi.ToString(CultureInfo.InvariantCulture)];
            BoundedProcess.Run(_pdftoppm, [.. size, "-f", page, "-l", page, "-png", "-singlefile", input, Path.Combine(folder, "page")], folder, _options.PageTimeout, _options.MaxProcessBytes, $"Rendering page {pageNumber} for OCR", cancellationToken);
            return Recognize(folder, Path.Combine(folder, "page.png"), $"Recognising page {pageNumber}", cancellationToken).Trim();
        });
    }

    private string Recognize(string folder, string image, string what, CancellationToken cancellationToken)
    {
        if (Unavailable is { } reason)
        {
            throw new ExtractionException(reason);
        }

        var dpi = _options.Dpi.ToString(CultureInfo.InvariantCulture);
        var text = BoundedProcess.Run(_tesseract!, [image, "stdout", "-l", _options.Languages, "--dpi", dpi], folder, _options.PageTimeout, _options.MaxProcessBytes, what, cancellationToken);
        return Encoding.UTF8.GetString(text);
    }

    private static T InFolder<T>(Func<string, T> work)
    {
        var folder = Directory.CreateTempSubdirectory("ingestion-ocr-").FullName;
        try
        {
            return work(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
