using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Word documents (DOCX, sent base64-encoded) with the Open XML SDK: every paragraph as a block, and every table as a
/// Markdown table (a cell's paragraphs, and any table nested in it, as its text).
/// </summary>
public sealed class DocxExtractor : ITextExtractor
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public IReadOnlyCollection<string> ContentTypes { get; } = [ContentType];

    public bool TakesBase64 => true;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "DOCX");
        try
        {
            using var stream = OfficePackage.Checked(bytes, "DOCX");
            using var document = WordprocessingDocument.Open(stream, isEditable: false, OfficePackage.Settings);
            var budget = new OfficeElementBudget("DOCX", OfficeElementBudget.MaxLoadedElements);
            foreach (var part in new OpenXmlPart?[] { document.MainDocumentPart, document.MainDocumentPart?.StyleDefinitionsPart }.OfType<OpenXmlPart>())
            {
                budget.CountPart(part, cancellationToken);
            }

            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new ExtractionException("The DOCX file has no document body.");
            // Style ids are the author's language's ("Heading1", "berschrift1"); built-in style names are always English.
            var styles = document.MainDocumentPart?.StyleDefinitionsPart?.Styles?.Elements<Style>()
                .Where(st => st.StyleId?.Value is not null && st.StyleName?.Val?.Value is not null)
                .ToDictionary(st => st.StyleId!.Value!, st => st.StyleName!.Val!.Value!, StringComparer.Ordinal) ?? [];
            var blocks = new TextBlocks();
            foreach (var element in body.Descendants().Where(e => e is Paragraph or Table))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (element.Ancestors<Table>().Any())
                {
                    // Read with its table, as a cell's text.
                    continue;
                }

                if (element is Table table)
                {
                    blocks.AddPreformatted(MarkdownTable.Of([.. table.Elements<TableRow>().Select(r => (IReadOnlyList<string>)[.. r.Elements<TableCell>().Select(TextOf)])]));
                    continue;
                }

                if (HeadingLevel((Paragraph)element, styles) is { } level)
                {
                    blocks.AddHeading(level, TextOf(element));
                    continue;
                }

                blocks.Append(TextOf(element));
                blocks.Break();
            }

            return new ExtractedText(blocks.ToString(), Headings: blocks.Headings);
        }
        catch (Exception exception) when (exception is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExtractionException($"The content is not a readable DOCX file: {exception.Message}", exception);
        }
    }

    /// <summary>The heading level of a paragraph of a Title (0) or "heading N" (N) style; null for other paragraphs.</summary>
    private static int? HeadingLevel(Paragraph paragraph, Dictionary<string, string> styles)
    {
        var id = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        if (id is null)
        {
            return null;
        }

        var name = styles.GetValueOrDefault(id, id).Replace(" ", string.Empty, StringComparison.Ordinal);
        return name.Equals("Title", StringComparison.OrdinalIgnoreCase) ? 0
            : name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) && int.TryParse(name.AsSpan(7), System.Globalization.CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 9 ? level
            : null;
    }

    /// <summary>The text of a paragraph, or of a table cell's paragraphs (tabs and breaks as spaces).</summary>
    private static string TextOf(OpenXmlElement element)
    {
        var text = new StringBuilder();
        foreach (var piece in element.Descendants())
        {
            switch (piece)
            {
                case Text run:
                    text.Append(run.Text);
                    break;
                case TabChar or Break:
                    text.Append(' ');
                    break;
                case Paragraph when text.Length > 0:
                    text.Append(' ');
                    break;
            }
        }

        return text.ToString();
    }
}
