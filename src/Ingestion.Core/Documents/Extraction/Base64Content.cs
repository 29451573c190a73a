namespace Ingestion.Core.Documents.Extraction;

/// <summary>Binary formats (PDF, DOCX) travel in JSON and messages as base64; anything else is a permanent failure.</summary>
internal static class Base64Content
{
    public static byte[] Decode(string content, string format)
    {
        try
        {
            return Convert.FromBase64String(content.Trim());
        }
        catch (FormatException)
        {
            throw new ExtractionException($"{format} content must be sent base64-encoded in 'content'; this is not valid base64.");
        }
    }
}
