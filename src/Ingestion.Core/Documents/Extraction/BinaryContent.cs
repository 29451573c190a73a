using System.Globalization;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Tells binary bytes passed off as text: a NUL character, or at least four control characters (other
/// than whitespace) making up more than one character in ten. Real text has neither; decoded binary files have both.
/// </summary>
internal static class BinaryContent
{
    public static string? Detect(string content)
    {
        if (content.Contains('\0', StringComparison.Ordinal))
        {
            return "it contains NUL characters";
        }

        var controls = content.Count(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'));
        return controls >= 4 && controls * 10 > content.Length
            ? string.Create(CultureInfo.InvariantCulture, $"{controls} of its {content.Length} characters are control characters")
            : null;
    }
}
