using System.Text;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Rows of cells as a Markdown table, one row per line, its first row the header: a table kept as a table, so the
/// chunker can cut it between rows and a reader (or a model) still sees which column a value is in. A cell's white
/// space is folded to one space and its <c>|</c> escaped, so no cell can end a row or a column early.
/// </summary>
internal static class MarkdownTable
{
    /// <summary>The table, or an empty string when no row has a non-empty cell.</summary>
    public static string Of(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var kept = rows.Where(r => r.Any(c => !string.IsNullOrWhiteSpace(c))).ToList();
        if (kept.Count == 0)
        {
            return string.Empty;
        }

        var columns = kept.Max(r => r.Count);
        // Measured before it is built: every row is padded to the widest, so a few long rows over many short ones
        // would otherwise make a table far larger than its input.
        ExtractedText.CheckLength((kept.Count + 1) * ((columns * 6L) + 2) + kept.Sum(r => r.Sum(c => (long)c.Length)), "The table");
        var table = new StringBuilder();
        AppendRow(table, kept[0], columns);
        table.Append('\n').Append('|');
        for (var i = 0; i < columns; i++)
        {
            table.Append(" --- |");
        }

        foreach (var row in kept.Skip(1))
        {
            table.Append('\n');
            AppendRow(table, row, columns);
        }

        return table.ToString();
    }

    /// <summary>Whether a block of extracted text is a table this class wrote: every line a row.</summary>
    public static bool IsTable(ReadOnlySpan<char> block)
    {
        foreach (var line in block.EnumerateLines())
        {
            if (!line.StartsWith("| ") || !line.EndsWith(" |"))
            {
                return false;
            }
        }

        return block.Length > 0;
    }

    private static void AppendRow(StringBuilder table, IReadOnlyList<string> row, int columns)
    {
        table.Append('|');
        for (var i = 0; i < columns; i++)
        {
            table.Append(' ').Append(Cell(i < row.Count ? row[i] : string.Empty)).Append(" |");
        }
    }

    private static string Cell(string value)
    {
        var cell = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (cell.Length > 0 && cell[^1] != ' ')
                {
                    cell.Append(' ');
                }
            }
            else
            {
                if (c is '|' or '\\')
                {
                    cell.Append('\\');
                }

                cell.Append(c);
            }
        }

        return cell.ToString().TrimEnd();
    }
}
