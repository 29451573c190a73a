using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Ingestion.Core.Documents.Extraction;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>PowerPoint, Excel and CSV on small real files, made here with the Open XML SDK users' tools write them with: tables stay tables.</summary>
public sealed class OfficeAndCsvFormatTests
{
    [Fact]
    public void XlsxSheetsBecomeTablesUnderTheirNamesWithOnlyTheColumnsTheyUse()
    {
        var content = Convert.ToBase64String(MakeXlsx(
            ("Sales", [Row(1, ("A", Shared(0)), ("C", Shared(1)), ("Z", Inline("Note"))), Row(2, ("A", Shared(2)), ("C", Number("12.5")), ("Z", Inline("a|b"))), Row(4, ("C", Number("7")))]),
            ("Empty", []),
            ("Staff", [Row(1, ("B", Inline("Name")), ("C", Inline("Active"))), Row(2, ("B", Inline("Ann")), ("C", Boolean(true)))])));

        var text = TextExtractorRegistry.Default.Extract(XlsxExtractor.ContentType, content).Text;

        Assert.Equal(
            "Sales\n\n| Region | Share | Note |\n| --- | --- | --- |\n| North | 12.5 | a\\|b |\n|  | 7 |  |\n\nStaff\n\n| Name | Active |\n| --- | --- |\n| Ann | TRUE |",
            text);
    }

    [Fact]
    public void XlsxDatesAndTimesAreShownAsDatesAndTimesAndOtherNumbersAsStored()
    {
        // Styles: 0 general, 1 built-in date (14), 2 a custom date and time, 3 built-in time (20), 4 built-in "0.00" (2).
        var styles = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "[$-409]yyyy\\-mm\\-dd\\ hh:mm;@" }),
            new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 14 }, new CellFormat { NumberFormatId = 164 }, new CellFormat { NumberFormatId = 20 }, new CellFormat { NumberFormatId = 2 }));
        Cell Styled(string value, uint style) => new() { CellValue = new CellValue(value), StyleIndex = style };
        var content = Convert.ToBase64String(MakeXlsx(
            styles,
            ("Log", [Row(1, ("A", Inline("Day")), ("B", Inline("At")), ("C", Inline("Time")), ("D", Inline("Hours"))), Row(2, ("A", Styled("46083", 1)), ("B", Styled("46083.5", 2)), ("C", Styled("0.75", 3)), ("D", Styled("12.5", 4)))])));

        var text = TextExtractorRegistry.Default.Extract(XlsxExtractor.ContentType, content).Text;

        Assert.Equal("Log\n\n| Day | At | Time | Hours |\n| --- | --- | --- | --- |\n| 2026-03-02 | 2026-03-02 12:00 | 18:00:00 | 12.5 |", text);
    }

    [Fact]
    public void PptxSlidesArePagesWithTheTitleFirstThenTextTablesAndNotes()
    {
        var content = Convert.ToBase64String(MakePptx(
            ([Shape(null, "Revenue grew in every region."), Shape(P.PlaceholderValues.Title, "Quarterly results"), Table(["Region", "Growth"], ["North", "12%"])], "Mention the north first."),
            ([Shape(P.PlaceholderValues.CenteredTitle, "Thank you")], null)));

        var extracted = TextExtractorRegistry.Default.Extract(PptxExtractor.ContentType, content);

        Assert.Equal(
            "Quarterly results\n\nRevenue grew in every region.\n\n| Region | Growth |\n| --- | --- |\n| North | 12% |\n\nNotes: Mention the north first.\n\nThank you",
            extracted.Text);
        Assert.Equal([1, 2], extracted.Pages!.Select(p => p.Number));
        Assert.Equal(1, extracted.PageAt(extracted.Text.IndexOf("Notes:", StringComparison.Ordinal)));
        Assert.Equal(2, extracted.PageAt(extracted.Text.IndexOf("Thank you", StringComparison.Ordinal)));
    }

    [Fact]
    public void CsvIsOneTableWithQuotedCellsUnescapedAndRaggedRowsPadded()
    {
        const string csv = "Name,Role,Note\n\"Smith, Ann\",Engineer,\"said \"\"hi\"\"\"\nLee,Manager\n";

        var text = TextExtractorRegistry.Default.Extract("text/csv", csv).Text;

        Assert.Equal("| Name | Role | Note |\n| --- | --- | --- |\n| Smith, Ann | Engineer | said \"hi\" |\n| Lee | Manager |  |", text);
    }

    [Fact]
    public void SemicolonSeparatedValuesAreRecognised()
    {
        var text = TextExtractorRegistry.Default.Extract("text/csv", "City;Population\nLyon;522000\n").Text;

        Assert.Equal("| City | Population |\n| --- | --- |\n| Lyon | 522000 |", text);
    }

    [Fact]
    public void AWorkbookOfMoreSheetsThanTheBoundFailsWithTheReason()
    {
        var sheets = Enumerable.Range(0, XlsxExtractor.MaxSheets + 1).Select(i => ($"S{i}", new[] { Row(1, ("A", Inline("x"))) })).ToArray();

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(XlsxExtractor.ContentType, Convert.ToBase64String(MakeXlsx(sheets))));

        Assert.Contains($"more than the {XlsxExtractor.MaxSheets}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvOfMoreCellsThanTheBoundFailsWithTheReason()
    {
        var csv = string.Concat(Enumerable.Repeat("a,b,c,d,e,f,g,h,i,j\n", (CsvExtractor.MaxCells / 10) + 1));

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/csv", csv));

        Assert.Contains($"more than the {CsvExtractor.MaxCells}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSharedStringInManyCellsCannotMakeTheTextLargerThanTheBound()
    {
        // A file of a few kilobytes: one long string, stored once, shown in every cell that names it.
        const int Length = 1_000_000;
        var rows = Enumerable.Range(1, (ExtractedText.MaxChars / Length) + 1).Select(r => Row((uint)r, ("A", Shared(0)))).ToArray();
        var xlsx = MakeXlsx(null, [new string('x', Length)], ("Big", rows));

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(XlsxExtractor.ContentType, Convert.ToBase64String(xlsx)));

        Assert.Contains($"more than the {ExtractedText.MaxChars}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASheetWhoseCellsSpreadOverRowsAndColumnsCannotPadItsTableBeyondTheBound()
    {
        // 6,000 cells, each in a row and a column of its own: as a table, 36 million cells.
        var rows = Enumerable.Range(0, 6_000).Select(i => Row((uint)(i + 1), (ColumnName(i), Inline("x")))).ToArray();

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(XlsxExtractor.ContentType, Convert.ToBase64String(MakeXlsx(("Diagonal", rows)))));

        Assert.Contains($"more than the {ExtractedText.MaxChars}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARaggedCsvCannotPadItsTableBeyondTheBound()
    {
        // One row 6,000 values wide pads the 6,000 one-value rows under it to its width.
        var csv = string.Join(',', Enumerable.Repeat("h", 6_000)) + "\n" + string.Concat(Enumerable.Repeat("v\n", 6_000));

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/csv", csv));

        Assert.Contains($"more than the {ExtractedText.MaxChars}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASheetOfMillionsOfEmptyRowsFailsWithTheReason()
    {
        // 5 million <row/>: 30 MB of XML, within the package's byte bounds, deflated to kilobytes; as rows, gigabytes.
        var xlsx = MakeXlsx(("Empty", [Row(1, ("A", Inline("x")))]));
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var name = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).FullName;
            zip.GetEntry(name)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name, System.IO.Compression.CompressionLevel.Optimal).Open());
            writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>");
            for (var i = 0; i < 5_000_000; i++)
            {
                writer.Write("<x:row/>");
            }

            writer.Write("</x:sheetData></x:worksheet>");
        }

        var content = Convert.ToBase64String(stream.ToArray());

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(XlsxExtractor.ContentType, content));

        Assert.Contains($"more than the {OfficeElementBudget.MaxStreamedElements} XML elements", error.Message, StringComparison.Ordinal);
    }

    private static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName((index / 26) - 1) + (char)('A' + (index % 26));

    private static readonly string[] SharedStrings = ["Region", "Share", "North"];

    private static Cell Shared(int index) => new() { DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };

    private static Cell Inline(string text) => new(new InlineString(new Text(text))) { DataType = CellValues.InlineString };

    private static Cell Number(string value) => new() { CellValue = new CellValue(value) };

    private static Cell Boolean(bool value) => new() { DataType = CellValues.Boolean, CellValue = new CellValue(value ? "1" : "0") };

    private static Row Row(uint index, params (string Column, Cell Cell)[] cells)
    {
        var row = new Row { RowIndex = index };
        foreach (var (column, cell) in cells)
        {
            cell.CellReference = column + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            row.Append(cell);
        }

        return row;
    }

    private static byte[] MakeXlsx(params (string Name, Row[] Rows)[] sheets) => MakeXlsx(null, SharedStrings, sheets);

    private static byte[] MakeXlsx(Stylesheet? styles, params (string Name, Row[] Rows)[] sheets) => MakeXlsx(styles, SharedStrings, sheets);

    private static byte[] MakeXlsx(Stylesheet? styles, string[] sharedStrings, params (string Name, Row[] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            if (styles is not null)
            {
                workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = styles;
            }

            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable(sharedStrings.Select(s => new SharedStringItem(new Text(s))));
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = new Worksheet(new SheetData(rows.Select(r => (Row)r.CloneNode(true))));
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }

            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static P.Shape Shape(P.PlaceholderValues? placeholder, params string[] paragraphs)
    {
        var application = new P.ApplicationNonVisualDrawingProperties();
        if (placeholder is { } type)
        {
            application.Append(new P.PlaceholderShape { Type = type });
        }

        return new P.Shape(
            new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = 2, Name = "shape" }, new P.NonVisualShapeDrawingProperties(), application),
            new P.ShapeProperties(),
            new P.TextBody(new OpenXmlElement[] { new A.BodyProperties(), new A.ListStyle() }.Concat(paragraphs.Select(p => new A.Paragraph(new A.Run(new A.Text(p)))))));
    }

    private static P.GraphicFrame Table(params string[][] rows) => new(
        new P.NonVisualGraphicFrameProperties(new P.NonVisualDrawingProperties { Id = 3, Name = "table" }, new P.NonVisualGraphicFrameDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
        new P.Transform(),
        new A.Graphic(new A.GraphicData(new A.Table(new OpenXmlElement[] { new A.TableGrid() }.Concat(rows.Select(r =>
            new A.TableRow(r.Select(cell => new A.TableCell(new A.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text(cell)))))))))))
        {
            Uri = "http://schemas.openxmlformats.org/drawingml/2006/table",
        }));

    private static byte[] MakePptx(params (OpenXmlElement[] Shapes, string? Notes)[] slides)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            presentation.Presentation = new P.Presentation(new P.SlideIdList());
            uint id = 256;
            foreach (var (shapes, notes) in slides)
            {
                var slide = presentation.AddNewPart<SlidePart>();
                slide.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(shapes)));
                if (notes is not null)
                {
                    var notesPart = slide.AddNewPart<NotesSlidePart>();
                    notesPart.NotesSlide = new P.NotesSlide(new P.CommonSlideData(new P.ShapeTree(Shape(P.PlaceholderValues.SlideImage), Shape(P.PlaceholderValues.Body, notes))));
                }

                presentation.Presentation.SlideIdList!.Append(new P.SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(slide) });
            }

            presentation.Presentation.Save();
        }

        return stream.ToArray();
    }
}
