using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// PowerPoint decks (PPTX, sent base64-encoded) with the Open XML SDK: each slide is a page, in the deck's order; its
/// title first, then the text of its shapes (each paragraph a block), its tables as Markdown tables, and its speaker
/// notes. Slides are counted against a bound, besides the package bounds DOCX has.
/// </summary>
public sealed class PptxExtractor : ITextExtractor
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    /// <summary>Slides read at most.</summary>
    public const int MaxSlides = 2000;

    public IReadOnlyCollection<string> ContentTypes { get; } = [ContentType];

    public bool TakesBase64 => true;

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Base64Content.Decode(content, "PPTX");
        try
        {
            using var stream = OfficePackage.Checked(bytes, "PPTX");
            using var document = PresentationDocument.Open(stream, isEditable: false, OfficePackage.Settings);
            var presentation = document.PresentationPart ?? throw new ExtractionException("The PPTX file has no presentation.");
            var slides = presentation.Presentation?.SlideIdList?.Elements<P.SlideId>().ToList() ?? [];
            if (slides.Count > MaxSlides)
            {
                throw new ExtractionException($"The PPTX file has {slides.Count} slides, more than the {MaxSlides} this system reads.");
            }

            var blocks = new TextBlocks();
            var pages = new List<PageStart>();
            var budget = new OfficeElementBudget("PPTX", OfficeElementBudget.MaxLoadedElements);
            for (var number = 1; number <= slides.Count; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (slides[number - 1].RelationshipId?.Value is not { } id || presentation.GetPartById(id) is not SlidePart slide)
                {
                    continue;
                }

                budget.CountPart(slide, cancellationToken);
                if (slide.NotesSlidePart is { } notes)
                {
                    budget.CountPart(notes, cancellationToken);
                }

                pages.Add(new PageStart(number, blocks.StartBlock()));
                AddSlide(blocks, slide);
            }

            return new ExtractedText(blocks.ToString(), pages, blocks.Headings);
        }
        catch (Exception exception) when (exception is not ExtractionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExtractionException($"The content is not a readable PPTX file: {exception.Message}", exception);
        }
    }

    private static void AddSlide(TextBlocks blocks, SlidePart slide)
    {
        var tree = slide.Slide?.CommonSlideData?.ShapeTree;
        if (tree is null)
        {
            return;
        }

        var shapes = tree.Descendants<P.Shape>().ToList();
        var title = shapes.FirstOrDefault(IsTitle);
        if (title?.TextBody is { } titleText)
        {
            blocks.AddHeading(1, string.Join(' ', titleText.Elements<A.Paragraph>().Select(p => string.Concat(p.Descendants<A.Text>().Select(t => t.Text)))));
        }

        foreach (var element in tree.Descendants())
        {
            switch (element)
            {
                case P.Shape shape when !ReferenceEquals(shape, title):
                    AddParagraphs(blocks, shape.TextBody);
                    break;
                case P.GraphicFrame frame:
                    foreach (var table in frame.Descendants<A.Table>())
                    {
                        blocks.AddPreformatted(MarkdownTable.Of([.. table.Elements<A.TableRow>().Select(r => (IReadOnlyList<string>)[.. r.Elements<A.TableCell>().Select(c => c.InnerText)])]));
                    }

                    break;
            }
        }

        // Speaker notes: the notes slide's body placeholder (its other shapes are the slide's image and number).
        var notes = slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree?.Descendants<P.Shape>()
            .Where(s => PlaceholderOf(s) == P.PlaceholderValues.Body)
            .ToList() ?? [];
        foreach (var note in notes)
        {
            AddParagraphs(blocks, note.TextBody, prefix: "Notes: ");
        }
    }

    private static void AddParagraphs(TextBlocks blocks, P.TextBody? body, string prefix = "")
    {
        if (body is null)
        {
            return;
        }

        foreach (var paragraph in body.Elements<A.Paragraph>())
        {
            var text = string.Concat(paragraph.Descendants<A.Text>().Select(t => t.Text));
            if (!string.IsNullOrWhiteSpace(text))
            {
                blocks.Append(prefix + text);
                blocks.Break();
            }
        }
    }

    private static bool IsTitle(P.Shape shape) =>
        PlaceholderOf(shape) is { } type && (type == P.PlaceholderValues.Title || type == P.PlaceholderValues.CenteredTitle);

    private static P.PlaceholderValues? PlaceholderOf(P.Shape shape) =>
        shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;
}
