using System.Text;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>Plain text: line endings normalised, control characters other than tab and newline dropped.</summary>
public sealed class PlainTextExtractor : ITextExtractor
{
    public IReadOnlyCollection<string> ContentTypes { get; } = ["text/plain"];

    public ExtractedText Extract(string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        // Cleaning only removes characters: a text within the bound before it is within it after.
        ExtractedText.CheckLength(content.Length, "The text");
        return new(Clean(content));
    }

    internal static string Clean(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var builder = new StringBuilder(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < content.Length && content[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c is '\n' or '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Trim();
    }
}
