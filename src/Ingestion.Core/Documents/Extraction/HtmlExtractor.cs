using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// HTML to text with AngleSharp: scripts, styles, templates and navigation dropped; headings, paragraphs and
/// list items kept as blocks, and tables as Markdown tables after their caption (a nested table's text in its cell). Pages nested deeper than <see cref="MaxNesting"/> are refused
/// before parsing, and the tree is walked with an explicit stack, so nesting can neither stall a worker nor
/// overflow its call stack.
/// </summary>
public sealed class HtmlExtractor : ITextExtractor
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "svg", "canvas", "iframe", "object", "head", "button", "select", "form",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "summary", "table", "td",
        "th", "tr", "ul", "caption", "body", "html",
    };

    /// <summary>Deeper pages fail with a reason (see <see cref="HtmlNesting"/>); real pages nest a few dozen levels.</summary>
    public const int MaxNesting = 4096;

    /// <summary>
    /// Formatting elements the parser may rebuild (<see cref="HtmlFormattingWork"/>), besides one for every character
    /// of the page: a page wrapped in a few formatting elements stays far below, and one that makes the parser build
    /// billions of elements from a few kilobytes far above.
    /// </summary>
    public const long ExtraFormattingWork = 2_000_000;

    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    public IReadOnlyCollection<string> ContentTypes { get; } = ["text/html", "application/xhtml+xml"];

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (HtmlNesting.MaxDepth(content) is var depth and > MaxNesting)
        {
            throw new ExtractionException($"The HTML nests elements {depth} deep, more than the {MaxNesting} this system reads.");
        }
        if (HtmlFormattingWork.Of(content) is var work && work > content.Length + ExtraFormattingWork)
        {
            throw new ExtractionException($"The HTML leaves formatting elements open that the parser would rebuild about {work} times, more than the {content.Length + ExtraFormattingWork} this system allows a page of its length: close its formatting tags.");
        }

        using var document = Parser.ParseDocument(content);
        var blocks = new TextBlocks();
        var root = (INode?)document.Body ?? document.DocumentElement;
        if (root is null)
        {
            return new ExtractedText(string.Empty);
        }

        // (node, leaving): a block element is visited twice, to break before and after its text.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
        while (stack.TryPop(out var item))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (node, leaving) = item;
            if (leaving)
            {
                blocks.Break();
                continue;
            }

            switch (node)
            {
                case IText text:
                    blocks.Append(text.Data);
                    break;
                case IElement element when Dropped.Contains(element.LocalName) || IsNavigation(element):
                    break;
                case IElement heading when heading.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    blocks.AddHeading(heading.LocalName[1] - '0', heading.TextContent);
                    break;
                case IHtmlTableElement table:
                    if (table.Caption is { } caption)
                    {
                        blocks.Break();
                        blocks.Append(caption.TextContent);
                    }

                    blocks.AddPreformatted(MarkdownTable.Of([.. table.Rows.Select(r => (IReadOnlyList<string>)[.. r.Cells.Select(c => c.TextContent)])]));
                    break;
                case IElement element:
                    var isBlock = Blocks.Contains(element.LocalName);
                    if (isBlock)
                    {
                        blocks.Break();
                        stack.Push((element, true));
                    }

                    for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
                    {
                        stack.Push((child, false));
                    }

                    break;
            }
        }

        return new ExtractedText(blocks.ToString(), Headings: blocks.Headings);
    }

    private static bool IsNavigation(IElement element) =>
        string.Equals(element.GetAttribute("role"), "navigation", StringComparison.OrdinalIgnoreCase)
        || element.HasAttribute("hidden")
        || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase);
}
