using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Ingestion.Gateway.Search;

/// <summary>An opaque page cursor of a grouped search: the stored ranking's id and where the next page starts.</summary>
internal sealed record SearchCursor(string ResultId, int Offset)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{ResultId}:{Offset}")));

    public static SearchCursor? Decode(string value)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split(':');
            return parts.Length == 2 && parts[0].Length == 32 && parts[0].All(char.IsAsciiHexDigitLower)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? new SearchCursor(parts[0], offset)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
