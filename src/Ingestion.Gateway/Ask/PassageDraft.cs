using Ingestion.Index;

namespace Ingestion.Gateway.Ask;

/// <summary>
/// A passage while the hits are gathered: one document's text from <see cref="Start"/> to <see cref="End"/>, grown
/// as overlapping chunks of the same document version arrive. Chunk texts are exact slices of the document text
/// (the chunker cuts them so), which is what lets two overlapping chunks be joined without the document at hand.
/// </summary>
internal sealed class PassageDraft
{
    private readonly List<string> _chunkIds = [];

    public PassageDraft(ChunkHit chunk, double score)
    {
        DocumentId = chunk.DocumentId;
        Version = chunk.Version;
        Title = chunk.Title;
        Page = chunk.Page;
        Context = chunk.Context;
        Text = chunk.Text;
        Start = chunk.StartOffset;
        End = chunk.EndOffset;
        AnchorStart = chunk.StartOffset;
        Score = score;
        _chunkIds.Add(chunk.ChunkId);
    }

    public string DocumentId { get; }

    public long Version { get; }

    public string Title { get; }

    public int? Page { get; private set; }

    /// <summary>The context (headings above, a continued table's header) of the chunk the passage starts with.</summary>
    public string? Context { get; private set; }

    public string Text { get; private set; }

    public int Start { get; private set; }

    public int End { get; private set; }

    /// <summary>Where the best-scoring chunk starts: trimming keeps the text from here on.</summary>
    public int AnchorStart { get; }

    /// <summary>The best score among the passage's chunks (the first to arrive, as hits come best first).</summary>
    public double Score { get; }

    public IReadOnlyList<string> ChunkIds => _chunkIds;

    public static bool IsSlice(ChunkHit chunk) => chunk.EndOffset - chunk.StartOffset == chunk.Text.Length && chunk.StartOffset >= 0;

    /// <summary>True when the chunk is of the same document version and shares text with this passage.</summary>
    public bool Overlaps(ChunkHit chunk) =>
        chunk.DocumentId == DocumentId && chunk.Version == Version && IsSlice(chunk)
        && chunk.StartOffset < End && Start < chunk.EndOffset;

    public bool Overlaps(PassageDraft other) =>
        other.DocumentId == DocumentId && other.Version == Version && other.Start < End && Start < other.End;

    public void Absorb(ChunkHit chunk)
    {
        Join(chunk.Text, chunk.StartOffset, chunk.EndOffset, chunk.Page, chunk.Context);
        _chunkIds.Add(chunk.ChunkId);
    }

    public void Absorb(PassageDraft other)
    {
        Join(other.Text, other.Start, other.End, other.Page, other.Context);
        _chunkIds.AddRange(other.ChunkIds);
    }

    private void Join(string text, int start, int end, int? page, string? context)
    {
        if (start < Start)
        {
            Text = string.Concat(text.AsSpan(0, Start - start), Text);
            Start = start;
            Page = page ?? Page;
            Context = context;
        }

        if (end > End)
        {
            Text = string.Concat(Text, text.AsSpan(End - start));
            End = end;
        }
    }
}
