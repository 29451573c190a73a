using nietras.SeparatedValues;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// CSV (and other separated values: the separator, one of <c>, ; tab |</c>, is found from the first row) with the Sep
/// parser, quotes and escaped quotes unescaped: the rows as one Markdown table, the first row its header. Rows may have
/// different numbers of columns; cells are counted against a bound.
/// </summary>
public sealed class CsvExtractor : ITextExtractor
{
    /// <summary>Non-empty cells read at most.</summary>
    public const int MaxCells = 1_000_000;

    public IReadOnlyCollection<string> ContentTypes { get; } = ["text/csv", "text/tab-separated-values"];

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(content))
        {
            return new ExtractedText(string.Empty);
        }

        var rows = new List<IReadOnlyList<string>>();
        var cells = 0;
        try
        {
            using var reader = Sep.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(content);
            foreach (var row in reader)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = new string[row.ColCount];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = row[i].ToString();
                    if (!string.IsNullOrWhiteSpace(values[i]) && ++cells > MaxCells)
                    {
                        throw new ExtractionException($"The CSV content has more than the {MaxCells} non-empty cells this system reads.");
                    }
                }

                rows.Add(values);
            }
        }
        catch (Exception exception) when (exception is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExtractionException($"The content is not readable CSV: {exception.Message}", exception);
        }

        var blocks = new TextBlocks();
        blocks.AddPreformatted(MarkdownTable.Of(rows));
        return new ExtractedText(blocks.ToString());
    }
}
