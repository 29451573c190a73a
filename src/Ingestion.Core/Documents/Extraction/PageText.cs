namespace Ingestion.Core.Documents.Extraction;

/// <summary>A page's text as laid out in lines (a PDF's, or OCR's): lines run together into paragraphs, and an empty line ends one.</summary>
internal static class PageText
{
    public static void Add(TextBlocks blocks, string page)
    {
        foreach (var line in page.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                blocks.Break();
            }
            else
            {
                blocks.Append(line);
                blocks.Append(" ");
            }
        }

        blocks.Break();
    }
}
