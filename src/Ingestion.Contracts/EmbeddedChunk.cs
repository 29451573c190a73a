namespace Ingestion.Contracts;

/// <summary>One chunk of a <see cref="DocumentEmbedded"/>: its text, where it lies in the extracted text, and its vector.</summary>
public sealed record EmbeddedChunk
{
    public required int Ordinal { get; init; }

    public required string Text { get; init; }

    public required int StartOffset { get; init; }

    public required int EndOffset { get; init; }

    /// <summary>The page that holds the middle of the chunk (chunks overlap, so their first words may be on the page before), for formats with pages (PDF).</summary>
    public int? Page { get; init; }

    /// <summary>What the chunk needs to be understood alone: the headings above it, a continued table's header (null when none).</summary>
    public string? Context { get; init; }

    /// <summary>The vector as little-endian IEEE 754 single-precision values (exact, and a third of the size of JSON numbers).</summary>
    public required byte[] Vector { get; init; }
}
