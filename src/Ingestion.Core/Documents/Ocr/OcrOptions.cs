using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Documents.Ocr;

/// <summary>
/// Optical character recognition (<c>Ocr</c>): images, and PDF pages without a text layer, read by Tesseract
/// (Debian's <c>tesseract-ocr</c>; PDF pages rendered by poppler's <c>pdftoppm</c>), each run as a child process within
/// a time and memory budget.
/// </summary>
public sealed class OcrOptions
{
    public const string SectionName = "Ocr";

    /// <summary>Off, images and pages without text fail with a reason that says how to turn it on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Tesseract's languages, <c>+</c>-separated (<c>eng</c>, <c>eng+deu</c>); each needs its <c>tesseract-ocr-LANG</c> package.</summary>
    [RegularExpression("^[a-z_]{3,16}(\\+[a-z_]{3,16}){0,7}$")]
    public string Languages { get; set; } = "eng";

    /// <summary>Pages are rendered at this resolution for recognition (Tesseract reads best at 300).</summary>
    [Range(72, 600)]
    public int Dpi { get; set; } = 300;

    /// <summary>A rendered page's longest side, at most, in pixels: a page of a poster's size is scaled down to it.</summary>
    [Range(500, 20_000)]
    public int MaxPagePixels { get; set; } = 5000;

    /// <summary>How long rendering and recognising one page may take; a page over it fails the document with the reason.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Pages of one document recognised at most; a document with more pages to recognise fails with the reason.</summary>
    [Range(1, 10_000)]
    public int MaxPages { get; set; } = 100;

    /// <summary>The address space each child process may use (its <c>ulimit -v</c>), in bytes.</summary>
    [Range(64L * 1024 * 1024, 64L * 1024 * 1024 * 1024)]
    public long MaxProcessBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A PDF page whose text layer has fewer characters than this is recognised from its image instead.</summary>
    [Range(0, 10_000)]
    public int MinPageCharacters { get; set; } = 16;

    /// <summary>The Tesseract executable (a name on <c>PATH</c> or a path).</summary>
    [Required]
    public string Tesseract { get; set; } = "tesseract";

    /// <summary>Poppler's <c>pdftoppm</c> (a name on <c>PATH</c> or a path).</summary>
    [Required]
    public string Pdftoppm { get; set; } = "pdftoppm";
}
