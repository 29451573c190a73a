namespace Ingestion.Core.Documents.Ocr;

/// <summary>Reads text from images: image files, and PDF pages that have no text layer.</summary>
public interface IOcrEngine
{
    /// <summary>Null when recognition can run here; else why not, and how to enable it.</summary>
    string? Unavailable { get; }

    /// <summary>Pages of one document recognised at most.</summary>
    int MaxPages { get; }

    /// <summary>A PDF page whose text layer has fewer characters than this is recognised from its image.</summary>
    int MinPageCharacters { get; }

    /// <summary>The text of each page of an image file (a multi-page TIFF has several).</summary>
    IReadOnlyList<string> RecognizeImage(byte[] image, CancellationToken cancellationToken);

    /// <summary>The text of page <paramref name="pageNumber"/> (from 1) of a PDF, rendered as an image first.</summary>
    /// <param name="pdf">The PDF file.</param>
    /// <param name="pageNumber">The page.</param>
    /// <param name="widthPoints">The page's width in PDF points (1/72 inch), to bound the rendering.</param>
    /// <param name="heightPoints">The page's height in PDF points.</param>
    /// <param name="cancellationToken">The extraction's time budget.</param>
    string RecognizePdfPage(byte[] pdf, int pageNumber, double widthPoints, double heightPoints, CancellationToken cancellationToken);
}
