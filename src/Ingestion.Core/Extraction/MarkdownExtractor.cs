using Markdig;

namespace Ingestion.Core.Extraction;

/// <summary>Markdown rendered to plain text: markup gone, headings and paragraphs kept as their own blocks.</summary>
public sealed class MarkdownExtractor : ITextExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public IReadOnlyCollection<string> ContentTypes { get; } = ["text/markdown", "text/x-markdown"];

    public ExtractedText Extract(string content)
    {
        ArgumentNullException.ThrowIfNull(content);

        // ToPlainText ends every block with one newline; a blank line between blocks lets the
        // chunker see paragraph boundaries.
        var plain = Markdown.ToPlainText(PlainTextExtractor.Clean(content), Pipeline);
        var blocks = plain.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ExtractedText(string.Join("\n\n", blocks));
    }
}
