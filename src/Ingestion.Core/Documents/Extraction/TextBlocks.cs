using System.Text;

namespace Ingestion.Core.Documents.Extraction;

/// <summary>
/// Collects a document's text as blocks (paragraphs, headings, cells): whitespace inside a block folded
/// to single spaces, blocks separated by a blank line so the chunker sees their boundaries.
/// </summary>
internal sealed class TextBlocks
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _block = new();

    public int Length => _text.Length + (_block.Length > 0 ? 2 + _block.Length : 0);

    public void Append(string text)
    {
        ExtractedText.CheckLength(Length + (long)text.Length, "The text");
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (_block.Length > 0 && _block[^1] != ' ')
                {
                    _block.Append(' ');
                }
            }
            else
            {
                _block.Append(c);
            }
        }
    }

    /// <summary>Ends the current block, if it has any text.</summary>
    public void Break()
    {
        var block = _block.ToString().Trim();
        _block.Clear();
        if (block.Length == 0)
        {
            return;
        }

        if (_text.Length > 0)
        {
            _text.Append("\n\n");
        }

        _text.Append(block);
    }

    /// <summary>Ends the current block and adds <paramref name="block"/> as one of its own, its lines kept (a table).</summary>
    public void AddPreformatted(string block)
    {
        Break();
        if (block.Length == 0)
        {
            return;
        }

        ExtractedText.CheckLength(Length + 2L + block.Length, "The text");

        if (_text.Length > 0)
        {
            _text.Append("\n\n");
        }

        _text.Append(block);
    }

    /// <summary>The headings added with <see cref="AddHeading"/>, where they begin.</summary>
    public List<HeadingStart> Headings { get; } = [];

    /// <summary>Adds a heading as a block of its own, and notes where it begins.</summary>
    public void AddHeading(int level, string text)
    {
        var start = StartBlock();
        var before = _text.Length;
        Append(text);
        Break();
        if (_text.Length > before)
        {
            Headings.Add(new HeadingStart(start, level, _text.ToString(start, _text.Length - start)));
        }
    }

    /// <summary>Ends the current block and says where the next one will begin (after the separator), for page starts.</summary>
    public int StartBlock()
    {
        Break();
        return _text.Length == 0 ? 0 : _text.Length + 2;
    }

    public override string ToString()
    {
        Break();
        return _text.ToString();
    }
}
