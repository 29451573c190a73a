namespace Ingestion.Cli.Documents;

/// <summary>The media types the gateway extracts, by file extension; other files are skipped and counted.</summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".text"] = "text/plain",
        [".md"] = "text/markdown",
        [".markdown"] = "text/markdown",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".eml"] = "message/rfc822",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".tif"] = "image/tiff",
        [".tiff"] = "image/tiff",
    };

    public static string? Of(string path) => ByExtension.GetValueOrDefault(Path.GetExtension(path));

    /// <summary>Binary formats travel base64-encoded in the request's content, as the gateway expects.</summary>
    public static bool IsBinary(string contentType) => contentType.StartsWith("application/", StringComparison.Ordinal) || contentType.StartsWith("image/", StringComparison.Ordinal);
}
