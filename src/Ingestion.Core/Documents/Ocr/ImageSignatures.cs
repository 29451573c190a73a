namespace Ingestion.Core.Documents.Ocr;

/// <summary>The first bytes of the image formats OCR reads: PNG's whole signature, JPEG's start of image, TIFF's header in either byte order.</summary>
internal static class ImageSignatures
{
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> TiffLittleEndian => [0x49, 0x49, 0x2A, 0x00];

    private static ReadOnlySpan<byte> TiffBigEndian => [0x4D, 0x4D, 0x00, 0x2A];

    public static bool IsImage(ReadOnlySpan<byte> content) =>
        content.StartsWith(Png) || content.StartsWith(Jpeg) || content.StartsWith(TiffLittleEndian) || content.StartsWith(TiffBigEndian);
}
