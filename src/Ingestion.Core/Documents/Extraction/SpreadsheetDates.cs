using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Which cell styles of a workbook show numbers as dates or times, so a date is extracted as <c>2026-03-02</c> rather
/// than the serial number Excel stores (<c>46083</c>): styles with one of the built-in date or time formats, or a custom
/// format whose code has day, year, hour or second fields outside quoted text and bracketed sections.
/// </summary>
internal sealed partial class SpreadsheetDates
{
    private readonly Dictionary<uint, bool> _dateStyles = [];

    public SpreadsheetDates(WorkbookPart workbook)
    {
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        var custom = stylesheet?.NumberingFormats?.Elements<DocumentFormat.OpenXml.Spreadsheet.NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && f.FormatCode?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var index = 0u;
        foreach (var format in stylesheet?.CellFormats?.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>() ?? [])
        {
            var id = format.NumberFormatId?.Value ?? 0;
            var kind = IsBuiltInDate(id) ? true : IsBuiltInTime(id) ? false : custom.TryGetValue(id, out var code) ? KindOf(code) : null;
            if (kind is { } isDate)
            {
                _dateStyles[index] = isDate;
            }

            index++;
        }
    }

    /// <summary>The number as its date (and time, when it has one) or time when the style shows it so; else null.</summary>
    public string? Format(uint? style, string? raw)
    {
        if (style is not { } index || !_dateStyles.TryGetValue(index, out var isDate)
            || !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) || serial < 0 || serial > 2_958_465)
        {
            return null;
        }

        var value = DateTime.FromOADate(serial);
        return !isDate ? value.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : value.TimeOfDay == TimeSpan.Zero ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    private static bool IsBuiltInDate(uint id) => id is >= 14 and <= 17 or 22 or >= 27 and <= 36 or >= 50 and <= 58;

    private static bool IsBuiltInTime(uint id) => id is >= 18 and <= 21 or >= 45 and <= 47;

    /// <summary>True for a date format, false for a time-only one, null for neither.</summary>
    private static bool? KindOf(string code)
    {
        var fields = Literal().Replace(code, string.Empty).ToLowerInvariant();
        return fields.IndexOfAny(['y', 'd']) >= 0 ? true : fields.IndexOfAny(['h', 's']) >= 0 ? false : null;
    }

    /// <summary>Quoted text, escaped characters and bracketed sections (colours, conditions, locales) of a format code.</summary>
    [GeneratedRegex("\"[^\"]*\"|\\\\.|\\[[^\\]]*\\]", RegexOptions.CultureInvariant)]
    private static partial Regex Literal();
}
