using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace Ingestion.IntegrationTests;

/// <summary>HTML, PDF, DOCX, PPTX, CSV, e-mail and scanned images through the whole system: sent as users send them, found by search with their positions.</summary>
[Collection(RunningSystem.Name)]
public sealed class DocumentFormatsTests(SystemFixture system)
{
    [Fact]
    public async Task APdfIsFoundWithThePageOfItsChunk()
    {
        var id = $"pdf-{Guid.NewGuid():N}";
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        // Pages long enough to be chunks of their own, one line each as a PDF writer lays text out.
        AddPage(builder, font, "Glaciers and ice sheets cover the polar regions.", 14);
        AddPage(builder, font, "Volcanoes erupt when magma chambers fill with pressure.", 14);
        var hit = await IndexedAndFoundAsync(id, new { title = "Geology", contentType = "application/pdf", content = Convert.ToBase64String(builder.Build()) }, "volcanoes magma", "the PDF's second page");

        Assert.Equal(2, hit.GetProperty("page").GetInt32());
        Assert.Contains("Volcanoes erupt", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static void AddPage(PdfDocumentBuilder builder, PdfDocumentBuilder.AddedFont font, string sentence, int lines)
    {
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        for (var line = 0; line < lines; line++)
        {
            page.AddText(sentence, 11, new UglyToad.PdfPig.Core.PdfPoint(50, 760 - (line * 16)), font);
        }
    }

    [Fact]
    public async Task HtmlIsFoundByItsTextAndNotByItsScripts()
    {
        var id = $"html-{Guid.NewGuid():N}";
        const string html = "<html><body><nav>Menu zebraword</nav><h1>Lighthouses</h1><p>Fresnel lenses focus the beam.</p><script>var quokkaword = 1;</script></body></html>";
        await IndexedAndFoundAsync(id, new { title = "Lighthouses", contentType = "text/html", content = html }, "Fresnel lenses", "the HTML's paragraph");
        Assert.DoesNotContain(await system.SearchAsync("quokkaword", "bm25"), x => x.GetProperty("documentId").GetString() == id);
        Assert.DoesNotContain(await system.SearchAsync("zebraword", "bm25"), x => x.GetProperty("documentId").GetString() == id);
    }

    [Fact]
    public async Task ADocxIsFoundByItsParagraphs()
    {
        var id = $"docx-{Guid.NewGuid():N}";
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new Run(new Text("Beekeeping notes: hives swarm in late spring.")))));
            main.Document.Save();
        }

        await IndexedAndFoundAsync(id, new { title = "Bees", contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", content = Convert.ToBase64String(stream.ToArray()) }, "hives swarm", "the DOCX's paragraph");
    }

    [Fact]
    public async Task APptxIsFoundWithTheSlideOfItsChunkAsItsPage()
    {
        var id = $"pptx-{Guid.NewGuid():N}";
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, DocumentFormat.OpenXml.PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            presentation.Presentation = new P.Presentation(new P.SlideIdList());
            uint slideId = 256;
            // Slides long enough to be chunks of their own.
            foreach (var sentence in new[] { "Tide pools hold anemones and crabs at low water.", "Kelp forests shelter sea otters from storms." })
            {
                var slide = presentation.AddNewPart<SlidePart>();
                slide.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(Enumerable.Range(0, 14).Select(_ =>
                    new P.Shape(new P.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text(sentence)))))))));
                presentation.Presentation.SlideIdList!.Append(new P.SlideId { Id = slideId++, RelationshipId = presentation.GetIdOfPart(slide) });
            }

            presentation.Presentation.Save();
        }

        var hit = await IndexedAndFoundAsync(id, new { title = "Shore", contentType = "application/vnd.openxmlformats-officedocument.presentationml.presentation", content = Convert.ToBase64String(stream.ToArray()) }, "kelp otters", "the deck's second slide");

        Assert.Equal(2, hit.GetProperty("page").GetInt32());
        Assert.Contains("Kelp forests", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACsvIsFoundWithItsRowUnderItsHeader()
    {
        var id = $"csv-{Guid.NewGuid():N}";
        var hit = await IndexedAndFoundAsync(id, new { title = "Harbours", contentType = "text/csv", content = "Harbour,Depth,Notes\nKirkwall,12,\"Ferries, fishing\"\nStromness,9,Dive sites on scuttled warships\n" }, "scuttled warships", "the CSV's row");

        var text = hit.GetProperty("text").GetString()!;
        Assert.Contains("| Harbour | Depth | Notes |", text, StringComparison.Ordinal);
        Assert.Contains("| Stromness | 9 | Dive sites on scuttled warships |", text, StringComparison.Ordinal);
        Assert.Contains("| Kirkwall | 12 | Ferries, fishing |", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmailIsFoundByItsSubjectAndByItsAttachment()
    {
        var id = $"eml-{Guid.NewGuid():N}";
        var builder = new MimeKit.BodyBuilder { TextBody = "The ferry timetable changes next week.\n\nOn Monday, Bob wrote:\n> is the quinquereme still running?" };
        builder.Attachments.Add("timetable.csv", "Route,Departure\nKirkwall to Lerwick,17:30\n"u8.ToArray(), MimeKit.ContentType.Parse("text/csv"));
        var message = new MimeKit.MimeMessage { Subject = "Ferry timetable", Body = builder.ToMessageBody() };
        message.From.Add(MimeKit.MailboxAddress.Parse("harbour@example.com"));
        using var stream = new MemoryStream();
        message.WriteTo(stream);

        await IndexedAndFoundAsync(id, new { title = "Ferry mail", contentType = "message/rfc822", content = System.Text.Encoding.UTF8.GetString(stream.ToArray()) }, "Lerwick departure", "the mail's attachment");
        Assert.Contains(await system.SearchAsync("ferry timetable", "bm25"), x => x.GetProperty("documentId").GetString() == id);
        Assert.DoesNotContain(await system.SearchAsync("quinquereme", "bm25"), x => x.GetProperty("documentId").GetString() == id);
    }

    [Fact]
    public async Task AScannedImageIsReadByOcrAndFoundWithItsPage()
    {
        var id = $"scan-{Guid.NewGuid():N}";
        var image = ScannedPages.Render(["The quartermaster inventories the lifeboats every Thursday.", "Missing oars are reported to the bosun."]);
        var hit = await IndexedAndFoundAsync(id, new { title = "Scan", contentType = "image/png", content = Convert.ToBase64String(image) }, "quartermaster lifeboats", "the scan's text");

        Assert.Equal(1, hit.GetProperty("page").GetInt32());
        Assert.Contains("bosun", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChunkIsFoundWithThePathOfHeadingsAboveIt()
    {
        var id = $"md-{Guid.NewGuid():N}";
        // The renewal section is longer than a chunk, so its last chunk starts below its heading and holds neither heading.
        var renewal = string.Concat(Enumerable.Repeat("Renewal notices are sent by post to the address on the policy. ", 14));
        var markdown = $"# Home policy\n\nIt covers the house and the garden.\n\n## Renewal\n\n{renewal}The final deadline is the first of March.";

        var hit = await IndexedAndFoundAsync(id, new { title = "Policy", contentType = "text/markdown", content = markdown }, "final deadline March", "the renewal section's last chunk");

        Assert.DoesNotContain("Renewal\n", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Home policy › Renewal", hit.GetProperty("context").GetString());
    }

    [Fact]
    public async Task ACorruptPdfFailsWithAReasonAndBlocksNothing()
    {
        var id = $"corrupt-{Guid.NewGuid():N}";
        var accepted = await system.PutAsync(id, new { title = "Broken", contentType = "application/pdf", content = Convert.ToBase64String("%PDF-1.4 truncated"u8.ToArray()) });

        var status = await system.WaitForStateAsync(id, "failed", accepted.GetProperty("version").GetInt64());

        Assert.Contains("not a readable PDF", status.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("extract", status.GetProperty("failedStep").GetString());
    }

    /// <summary>Puts the document, waits until it is indexed and until a BM25 search for <paramref name="query"/> finds it; its hit.</summary>
    private async Task<JsonElement> IndexedAndFoundAsync(string id, object body, string query, string what)
    {
        var accepted = await system.PutAsync(id, body);
        await system.WaitForStateAsync(id, "indexed", accepted.GetProperty("version").GetInt64());
        var hits = await system.WaitForSearchAsync(query, "bm25", h => h.Any(x => x.GetProperty("documentId").GetString() == id), what);
        return hits.First(x => x.GetProperty("documentId").GetString() == id);
    }
}
