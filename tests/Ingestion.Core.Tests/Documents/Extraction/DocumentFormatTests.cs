using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Ingestion.Core.Documents.Extraction;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Ingestion.Core.Tests.Documents.Extraction;

/// <summary>Each extractor on small real files, made here with the same libraries users' tools write them with.</summary>
public sealed class DocumentFormatTests
{
    private const string Docx = DocxExtractor.ContentType;

    [Fact]
    public void PlainTextLongerThanADocumentsTextMayBeFailsWithTheReason()
    {
        // A file read from a source (Sources:MaxBytes up to 512 MiB) may hold more characters than any other format
        // is allowed to make; the chunks of all of them travel in one message.
        var text = new string('a', ExtractedText.MaxChars + 1);

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/plain", text));

        Assert.Contains($"more than the {ExtractedText.MaxChars}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownParagraphsWrappedOverSeveralLinesStayOneBlock()
    {
        const string markdown = "# Failures\n\nTransient faults are retried\nwith exponential backoff for about a\nminute.\n\nA message that exhausts its retries  \nlands in the error queue.\n";

        var text = new MarkdownExtractor().Extract(markdown).Text;

        Assert.Equal("Failures\n\nTransient faults are retried with exponential backoff for about a minute.\n\nA message that exhausts its retries\n\nlands in the error queue.", text);
    }

    [Fact]
    public void HtmlKeepsHeadingsAndParagraphsAndDropsScriptsStylesAndNavigation()
    {
        const string html = """
            <html><head><title>Ignored title</title><style>p { color: red }</style></head>
            <body>
              <nav><a href="/">Home</a> <a href="/docs">Docs</a></nav>
              <h1>Reciprocal rank fusion</h1>
              <p>Fusion combines <b>ranked</b> lists.</p>
              <script>var secret = "tracking";</script>
              <ul><li>BM25 leg</li><li>dense leg</li></ul>
              <div role="navigation">Breadcrumbs</div>
            </body></html>
            """;

        var text = TextExtractorRegistry.Default.Extract("text/html; charset=utf-8", html).Text;

        Assert.Equal("Reciprocal rank fusion\n\nFusion combines ranked lists.\n\nBM25 leg\n\ndense leg", text);
    }

    [Fact]
    public void DeepButReadableHtmlIsReadWithoutOverflowingTheStack()
    {
        var text = TextExtractorRegistry.Default.Extract("text/html", Nested("div", HtmlExtractor.MaxNesting, "deep text")).Text;

        Assert.Contains("deep text", text, StringComparison.Ordinal);
        Assert.EndsWith("after", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FormattingThatTheParserWouldRebuildInEveryParagraphFailsWithTheReasonHavingBuiltLittle()
    {
        // Formatting elements left open (distinct, so the parser keeps them all) are rebuilt inside every later
        // paragraph: two thousand of them and a thousand paragraphs are two million elements from 30 KB, yet only two
        // thousand deep.
        var html = "<p>" + string.Concat(Enumerable.Range(0, 2_000).Select(i => $"<b id={i}>")) + "</p>" + string.Concat(Enumerable.Repeat("<p>x</p>", 1_000));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/html", html));

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("formatting elements open", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64L << 20, $"reading it allocated {allocated} bytes");
    }

    [Fact]
    public void APageWrappedInFormattingOrWithManySmallElementsIsRead()
    {
        // Old pages wrap everything in a font and a bold never closed: one per tag each, far within the bound.
        var html = "<font face=arial><b>" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"<p>paragraph {i}</p>")) + "<table>"
            + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"<tr><td><i>{i}</i></td></tr>")) + "</table><p>the end";

        Assert.EndsWith("the end", TextExtractorRegistry.Default.Extract("text/html", html).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PathologicallyDeepHtmlFailsAtOnceWithTheReason()
    {
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/html", Nested("span", 200_000, "deep text")));

        Assert.Contains("nests elements 200000 deep", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<div/>")] // a self-closing slash on a non-void element opens it in HTML
    [InlineData("<div></span>")] // an end tag of an element that is not open is ignored by the parser
    [InlineData("<DIV><b></i>")]
    public void NestingThatOnlyLooksShallowIsMeasuredAsTheParserWouldBuildIt(string unit)
    {
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/html", string.Concat(Enumerable.Repeat(unit, 20_000)) + "text"));

        Assert.Contains("deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfClosedElementsInsideSvgAndEndTagsOfOpenElementsDoNotCountAsNesting()
    {
        var svg = "<svg>" + string.Concat(Enumerable.Repeat("<circle r=\"1\"/>", 10_000)) + "</svg>";
        var closed = string.Concat(Enumerable.Repeat("<div><span>x</span></div>", 10_000));
        var implied = string.Concat(Enumerable.Repeat("<section><div><em>x</div></section>", 5_000)); // </div> closes the <em> too

        Assert.Contains("x", TextExtractorRegistry.Default.Extract("text/html", $"<p>{svg}{closed}{implied}</p>").Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quotes")]
    [InlineData("lists")]
    [InlineData("brackets")]
    public void MarkdownNestedBeyondWhatMarkdigReadsFailsAtOnceWithTheReason(string shape)
    {
        var markdown = shape switch
        {
            "quotes" => new string('>', 5_000) + " deep",
            "lists" => string.Concat(Enumerable.Range(0, 600).Select(i => new string(' ', i * 2) + "- item\n")),
            _ => new string('[', 50_000) + "x" + new string(']', 50_000),
        };

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("text/markdown", markdown));

        Assert.Contains("nest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnclosedParagraphsAndVoidElementsDoNotCountAsNesting()
    {
        var page = "<html><body>" + string.Concat(Enumerable.Repeat("<p>para<br><img src=x><li>item", 10_000)) + "</body></html>";

        Assert.Contains("para", TextExtractorRegistry.Default.Extract("text/html", page).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DocxParagraphsBecomeBlocksAndTablesMarkdownTables()
    {
        static TableCell Cell(params string[] paragraphs) => new(paragraphs.Select(p => new Paragraph(new Run(new Text(p)))));
        var content = Convert.ToBase64String(MakeDocx(
            new Paragraph(new Run(new Text("Quarterly report"))),
            new Paragraph(new Run(new Text("Revenue grew ")), new Run(new Text("in every region."))),
            new Table(
                new TableRow(Cell("Region"), Cell("Growth")),
                new TableRow(Cell("North"), Cell("12%", "(best)")),
                new TableRow(Cell("South"), Cell("a|b"))),
            new Paragraph(new Run(new Text("After the table.")))));

        var text = TextExtractorRegistry.Default.Extract(Docx, content).Text;

        Assert.Equal("Quarterly report\n\nRevenue grew in every region.\n\n| Region | Growth |\n| --- | --- |\n| North | 12% (best) |\n| South | a\\|b |\n\nAfter the table.", text);
    }

    [Fact]
    public void HeadingsOfMarkdownHtmlAndDocxAreReportedWithTheirLevelsWhereTheyBegin()
    {
        var markdown = TextExtractorRegistry.Default.Extract("text/markdown", "# Policy\n\nIntro.\n\n## Renewal\n\nYearly.");
        var html = TextExtractorRegistry.Default.Extract("text/html", "<html><body><h1>Policy</h1><p>Intro.</p><h2>Renewal <b>terms</b></h2><p>Yearly.</p></body></html>");
        var docx = TextExtractorRegistry.Default.Extract(Docx, Convert.ToBase64String(MakeDocx(
            new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Title" }), new Run(new Text("Policy"))),
            new Paragraph(new Run(new Text("Intro."))),
            new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Heading2" }), new Run(new Text("Renewal"))),
            new Paragraph(new Run(new Text("Yearly."))))));

        foreach (var (extracted, second, level) in new[] { (markdown, "Renewal", 2), (html, "Renewal terms", 2), (docx, "Renewal", 2) })
        {
            Assert.Equal(2, extracted.Headings!.Count);
            Assert.Equal((0, "Policy"), (extracted.Headings[0].Offset, extracted.Headings[0].Text));
            Assert.Equal((extracted.Text.IndexOf(second, StringComparison.Ordinal), level, second), (extracted.Headings[1].Offset, extracted.Headings[1].Level, extracted.Headings[1].Text));
        }

        Assert.Equal([1, 0], new[] { markdown.Headings![0].Level, docx.Headings![0].Level });
    }

    [Fact]
    public void HtmlTablesBecomeMarkdownTablesAfterTheirCaption()
    {
        const string html = """
            <html><body><p>Before.</p>
              <table><caption>Growth by region</caption>
                <thead><tr><th>Region</th><th>Growth</th></tr></thead>
                <tbody><tr><td>North</td><td><b>12%</b>
                  (best)</td></tr><tr><td>South</td><td>3%</td></tr></tbody>
              </table><p>After.</p></body></html>
            """;

        var text = TextExtractorRegistry.Default.Extract("text/html", html).Text;

        Assert.Equal("Before.\n\nGrowth by region\n\n| Region | Growth |\n| --- | --- |\n| North | 12% (best) |\n| South | 3% |\n\nAfter.", text);
    }

    [Fact]
    public void MarkdownPipeTablesStayTablesWithTheirMarkupGone()
    {
        const string markdown = "# Results\n\nGrowth by region:\n\n| Region | Growth |\n|:--|--:|\n| **North** | 12% |\n| South | `3%` |\n\nAfter.";

        var text = TextExtractorRegistry.Default.Extract("text/markdown", markdown).Text;

        Assert.Equal("Results\n\nGrowth by region:\n\n| Region | Growth |\n| --- | --- |\n| North | 12% |\n| South | 3% |\n\nAfter.", text);
    }

    [Fact]
    public void PdfTextKeepsWhereEachPageBegins()
    {
        var content = Convert.ToBase64String(MakePdf("Page one talks about lexical retrieval.", "Page two talks about dense vectors."));

        var extracted = TextExtractorRegistry.Default.Extract("application/pdf", content);

        var second = extracted.Text.IndexOf("Page two", StringComparison.Ordinal);
        Assert.Equal(0, extracted.Text.IndexOf("Page one talks about lexical retrieval.", StringComparison.Ordinal));
        Assert.True(second > 0);
        Assert.Equal([1, 2], extracted.Pages!.Select(p => p.Number));
        Assert.Equal(1, extracted.PageAt(0));
        Assert.Equal(1, extracted.PageAt(second - 1));
        Assert.Equal(2, extracted.PageAt(second));
    }

    [Theory]
    [InlineData("application/pdf", "not a readable PDF")]
    [InlineData(Docx, "not a readable DOCX")]
    [InlineData(PptxExtractor.ContentType, "not a readable PPTX")]
    [InlineData(XlsxExtractor.ContentType, "not a readable XLSX")]
    public void CorruptFilesAreAPermanentFailureSayingSo(string contentType, string expected)
    {
        var corrupt = Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.7 this is not really a document, PK also not a zip"));

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(contentType, corrupt));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Docx, "DOCX")]
    [InlineData(PptxExtractor.ContentType, "PPTX")]
    [InlineData(XlsxExtractor.ContentType, "XLSX")]
    public void EncryptedOfficeFilesFailSayingSo(string contentType, string format)
    {
        // Office encrypts an Open XML file by wrapping it in an OLE compound file, as the legacy binary formats are.
        byte[] encrypted = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]];

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(contentType, Convert.ToBase64String(encrypted)));

        Assert.Contains($"The {format} file is encrypted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BinaryFormatsMustBeBase64()
    {
        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract("application/pdf", "%PDF-1.7 raw bytes are not base64!"));

        Assert.Contains("base64", error.Message, StringComparison.Ordinal);
    }

    private static string Nested(string element, int depth, string text) =>
        new StringBuilder("<html><body>").Append(string.Concat(Enumerable.Repeat($"<{element}>", depth))).Append(text)
            .Append(string.Concat(Enumerable.Repeat($"</{element}>", depth))).Append("<p>after</p></body></html>").ToString();

    [Fact]
    public void ADocxWhosePartsExpandFarBeyondTheirSizeFailsWithTheReasonBeforeItIsParsed()
    {
        // A zip bomb: a few hundred KB whose document.xml expands to 77 MB of paragraphs.
        var bomb = Convert.ToBase64String(MakeExpandingDocx(paragraphs: 700_000));

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(DocxExtractor.ContentType, bomb));

        Assert.Contains("word/document.xml", error.Message, StringComparison.Ordinal);
        Assert.Contains("expands", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADocxOfMillionsOfEmptyParagraphsFailsWithTheReasonBeforeItsTreeIsBuilt()
    {
        // 3 million <w:p/>: 18 MB of XML, within the package's byte bounds, deflated to kilobytes; as a tree, gigabytes.
        var docx = Convert.ToBase64String(MakeExpandingDocx(3_000_000, "<w:p/>"));

        var error = Assert.Throws<ExtractionException>(() => TextExtractorRegistry.Default.Extract(DocxExtractor.ContentType, docx));

        Assert.Contains($"more than the {OfficeElementBudget.MaxLoadedElements} XML elements", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A valid DOCX whose main part holds <paramref name="paragraphs"/> identical paragraphs, written as a stream (never whole in memory).</summary>
    private static byte[] MakeExpandingDocx(int paragraphs, string paragraph = "<w:p><w:r><w:t>All work and no play makes a very long document out of very few bytes indeed.</w:t></w:r></w:p>")
    {
        var packed = MakeDocx(new Paragraph(new Run(new Text("seed"))));
        using var stream = new MemoryStream();
        stream.Write(packed);
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var name = zip.Entries.Single(e => e.FullName == "word/document.xml").FullName;
            zip.GetEntry(name)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(name, System.IO.Compression.CompressionLevel.Optimal).Open());
            writer.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
            for (var i = 0; i < paragraphs; i++)
            {
                writer.Write(paragraph);
            }

            writer.Write("</w:body></w:document>");
        }

        return stream.ToArray();
    }

    private static byte[] MakeDocx(params OpenXmlElement[] blocks)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(blocks));
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static byte[] MakePdf(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            page.AddText(text, 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        }

        return builder.Build();
    }
}
