using System.Text;
using Ingestion.Core.Documents.Extraction;

namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// The context of a chunk that starts at a given offset (contextual chunk headers): the path of the headings above
/// it, each heading closing those of its level and below (<c>Policy › Renewal</c>), then a continued table's header.
/// A chunk that starts with a heading has it in its text, and is not under the headings that heading closes.
/// </summary>
internal sealed class ChunkContext(string text, IReadOnlyList<HeadingStart>? headings)
{
    /// <summary>Characters of one heading kept in a path: a heading is a title, not a paragraph.</summary>
    private const int MaxHeadingCharacters = 120;

    /// <summary>Headings kept in a path, the deepest ones.</summary>
    private const int MaxDepth = 6;

    /// <summary>
    /// Characters of a continued table's header kept: it is repeated in every chunk below it, and a header of a
    /// million characters repeated for every few rows would take gigabytes.
    /// </summary>
    public const int MaxTableHeaderCharacters = 1_000;

    private readonly List<HeadingStart> _headings = headings?.Where(h => h.Offset < text.Length).OrderBy(h => h.Offset).ToList() ?? [];
    private readonly List<HeadingStart> _path = [];
    private int _next;
    private int _last;

    /// <summary>The context at <paramref name="start"/>; chunks come in order, so the path is walked forward once.</summary>
    public string? At(int start, string? tableHeader)
    {
        if (start < _last)
        {
            _path.Clear();
            _next = 0;
        }

        _last = start;
        for (; _next < _headings.Count && _headings[_next].Offset < start; _next++)
        {
            var heading = _headings[_next];
            while (_path.Count > 0 && _path[^1].Level >= heading.Level)
            {
                _path.RemoveAt(_path.Count - 1);
            }

            _path.Add(heading);
        }

        // A chunk that starts with a heading has it in its text; the headings that heading closes are not its context.
        var shown = _path.ToList();
        if (_next < _headings.Count && _headings[_next].Offset == start)
        {
            shown.RemoveAll(h => h.Level >= _headings[_next].Level);
        }

        var context = new StringBuilder();
        foreach (var heading in shown.TakeLast(MaxDepth))
        {
            var title = string.Join(' ', heading.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            context.Append(context.Length > 0 ? " › " : string.Empty).Append(title.Length > MaxHeadingCharacters ? title[..MaxHeadingCharacters] : title);
        }

        if (tableHeader is not null)
        {
            context.Append(context.Length > 0 ? "\n" : string.Empty).Append(Cut(tableHeader));
        }

        return context.Length > 0 ? context.ToString() : null;
    }

    /// <summary>A table's header within <see cref="MaxTableHeaderCharacters"/>, cut after its last whole cell that fits.</summary>
    private static string Cut(string header)
    {
        if (header.Length <= MaxTableHeaderCharacters)
        {
            return header;
        }

        var lastCell = header.LastIndexOf(" |", MaxTableHeaderCharacters - 2, StringComparison.Ordinal);
        var end = lastCell > 0 ? lastCell + 2 : MaxTableHeaderCharacters;
        // Never between the two halves of a character outside the BMP.
        return header[..(char.IsHighSurrogate(header[end - 1]) ? end - 1 : end)];
    }
}
