namespace Ingestion.Core.Documents;

/// <summary>
/// A content type's media type (RFC 9110's type/subtype, which is case-insensitive), without its parameters:
/// <c>Text/Markdown; charset=utf-8</c> is <c>text/markdown</c>. What extractors are chosen by and filters compare, so
/// that a document sent with a charset is found by a filter that names none.
/// </summary>
public static class MediaTypes
{
    public static string Essence(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        var separator = contentType.IndexOf(';', StringComparison.Ordinal);
        return (separator < 0 ? contentType : contentType[..separator]).Trim().ToLowerInvariant();
    }
}
