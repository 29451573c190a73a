using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>Markdown rendered to plain text: markup gone, headings and paragraphs kept as their own blocks, tables as Markdown tables.</summary>
public sealed class MarkdownExtractor : ITextExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public IReadOnlyCollection<string> ContentTypes { get; } = ["text/markdown", "text/x-markdown"];

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (MarkdownNesting.Check(content) is { } tooDeep)
        {
            throw new ExtractionException(tooDeep);
        }

        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(PlainTextExtractor.Clean(content), Pipeline);
            cancellationToken.ThrowIfCancellationRequested();
        }
        catch (ArgumentException exception) when (exception.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            // Markdig's own depth limit (inline nesting such as brackets): permanent, so not for retrying.
            throw new ExtractionException($"The Markdown nests too deeply for this system to read ({exception.Message})", exception);
        }

        // A paragraph wrapped over several source lines is still one paragraph: its soft line breaks become
        // spaces, so that every remaining newline ends a block.
        foreach (var softBreak in document.Descendants<LineBreakInline>().Where(b => !b.IsHard).ToList())
        {
            softBreak.ReplaceBy(new LiteralInline(" "));
        }

        // Each top-level block rendered alone, so a table can be written as a table; a block ends with one newline,
        // and a blank line between blocks lets the chunker see paragraph boundaries.
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        Pipeline.Setup(renderer);
        var blocks = new TextBlocks();
        foreach (var block in document)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (block)
            {
                case Table table:
                    blocks.AddPreformatted(MarkdownTable.Of([.. table.OfType<TableRow>().Select(r => (IReadOnlyList<string>)[.. r.OfType<TableCell>().Select(c => Render(renderer, writer, c))])]));
                    break;
                case HeadingBlock heading:
                    blocks.AddHeading(heading.Level, Render(renderer, writer, heading));
                    break;
                default:
                    foreach (var line in Render(renderer, writer, block).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        blocks.Append(line);
                        blocks.Break();
                    }

                    break;
            }
        }

        return new ExtractedText(blocks.ToString(), Headings: blocks.Headings);
    }

    private static string Render(HtmlRenderer renderer, StringWriter writer, MarkdownObject block)
    {
        writer.GetStringBuilder().Clear();
        renderer.Render(block);
        writer.Flush();
        return writer.ToString();
    }
}
