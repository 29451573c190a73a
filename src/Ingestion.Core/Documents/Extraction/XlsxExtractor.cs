using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Excel workbooks (XLSX, sent base64-encoded) with the Open XML SDK: each sheet's name as a block, then its rows as a
/// Markdown table whose header is its first non-empty row, dates as dates (<see cref="SpreadsheetDates"/>). Rows are
/// read one at a time (a SAX reader), only the columns a sheet uses are kept (one cell far to the right does not make
/// every row wide), and cells and sheets are counted against bounds, besides the package bounds DOCX has.
/// </summary>
public sealed class XlsxExtractor : ITextExtractor
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Sheets read at most.</summary>
    public const int MaxSheets = 256;

    /// <summary>Non-empty cells read at most, over all sheets.</summary>
    public const int MaxCells = 1_000_000;

    public IReadOnlyCollection<string> ContentTypes { get; } = [ContentType];

    public bool TakesBase64 => true;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "XLSX");
        try
        {
            using var stream = OfficePackage.Checked(bytes, "XLSX");
            using var document = SpreadsheetDocument.Open(stream, isEditable: false, OfficePackage.Settings);
            var workbook = document.WorkbookPart ?? throw new ExtractionException("The XLSX file has no workbook.");
            var budget = new OfficeElementBudget("XLSX", OfficeElementBudget.MaxStreamedElements);
            var shared = SharedStrings(workbook, budget);
            var dates = new SpreadsheetDates(workbook);
            var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
            if (sheets.Count > MaxSheets)
            {
                throw new ExtractionException($"The XLSX file has {sheets.Count} sheets, more than the {MaxSheets} this system reads.");
            }

            var blocks = new TextBlocks();
            var cells = 0;
            var chars = 0L;
            foreach (var sheet in sheets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue;
                }

                var rows = Rows(part, shared, dates, budget, ref cells, ref chars, cancellationToken);
                var table = MarkdownTable.Of(rows);
                if (table.Length > 0)
                {
                    blocks.AddHeading(1, sheet.Name?.Value ?? string.Empty);
                    blocks.AddPreformatted(table);
                }
            }

            return new ExtractedText(blocks.ToString(), Headings: blocks.Headings);
        }
        catch (Exception exception) when (exception is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExtractionException($"The content is not a readable XLSX file: {exception.Message}", exception);
        }
    }

    private static List<string> SharedStrings(WorkbookPart workbook, OfficeElementBudget budget)
    {
        var strings = new List<string>();
        if (workbook.SharedStringTablePart is not { } part)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                budget.Count();
                strings.Add(reader.LoadCurrentElement()?.InnerText ?? string.Empty);
            }
        }

        return strings;
    }

    /// <summary>
    /// The sheet's rows, each as its used columns' values (a sheet's unused columns left out). Cells are read one at a
    /// time, never a row whole, and rows and cells, empty ones too, count against <paramref name="budget"/>. Their
    /// characters are counted over the workbook (<paramref name="chars"/>), as a shared string counts again in every
    /// cell that shows it.
    /// </summary>
    private static List<IReadOnlyList<string>> Rows(WorksheetPart part, List<string> shared, SpreadsheetDates dates, OfficeElementBudget budget, ref int cells, ref long chars, CancellationToken cancellationToken)
    {
        // An empty row stays null: a sheet of empty rows costs a reference each.
        var sparse = new List<SortedDictionary<int, string>?>();
        var used = new SortedSet<int>();
        using (var reader = OpenXmlReader.Create(part))
        {
            var next = 0;
            while (reader.Read())
            {
                if (!reader.IsStartElement)
                {
                    continue;
                }

                if (reader.ElementType == typeof(Row))
                {
                    budget.Count();
                    cancellationToken.ThrowIfCancellationRequested();
                    sparse.Add(null);
                    next = 0;
                    continue;
                }

                if (reader.ElementType != typeof(Cell) || sparse.Count == 0)
                {
                    continue;
                }

                budget.Count();
                var cell = (Cell)reader.LoadCurrentElement()!;
                var column = ColumnOf(cell.CellReference?.Value) ?? next;
                next = column + 1;
                var value = ValueOf(cell, shared, dates);
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                if (++cells > MaxCells)
                {
                    throw new ExtractionException($"The XLSX file has more than the {MaxCells} non-empty cells this system reads.");
                }

                chars += value.Length;
                ExtractedText.CheckLength(chars, "The workbook's text");
                (sparse[^1] ??= [])[column] = value;
                used.Add(column);
            }
        }

        // Each row becomes as wide as the sheet's used columns: a few cells spread over many rows and columns are a large table.
        ExtractedText.CheckLength(chars + ((long)sparse.Count * used.Count * 3), "The sheet's table");
        var columns = used.ToList();
        return [.. sparse.Select(values => (IReadOnlyList<string>)[.. columns.Select(c => values?.GetValueOrDefault(c, string.Empty) ?? string.Empty)])];
    }

    private static string ValueOf(Cell cell, List<string> shared, SpreadsheetDates dates)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < shared.Count ? shared[index] : string.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? string.Empty;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        return (type is null || type == CellValues.Number ? dates.Format(cell.StyleIndex?.Value, raw) : null) ?? raw ?? string.Empty;
    }

    /// <summary>The zero-based column of a reference such as <c>AB12</c>; null when it has none.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
            if (++letters > 3)
            {
                return null;
            }
        }

        return letters == 0 ? null : column - 1;
    }
}
