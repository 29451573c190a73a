using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// The budget of a chunk in the encoder's word pieces, and in characters. 128 with 24 of overlap is what was measured best on SciFact's
/// documents with all-MiniLM-L6-v2 (a document scored by its best chunk, ../shared/EMBEDDINGS.md); it must stay within
/// what the encoder reads (254 for all-MiniLM-L6-v2 besides [CLS] and [SEP]), which the worker checks at start.
/// </summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "Chunking";

    [Range(16, 4096)]
    public int MaxTokens { get; set; } = 128;

    /// <summary>Tokens of trailing sentences repeated at the start of the next chunk, so no sentence loses its context.</summary>
    [Range(0, 1024)]
    public int OverlapTokens { get; set; } = 24;

    /// <summary>
    /// A chunk's most characters, white space between its words included; unset, 16 per word piece of
    /// <see cref="MaxTokens"/> (2,048 at 128), far beyond prose (about 4.5), so it binds only where the word-piece
    /// count says little of the size: a word over 100 characters is one <c>[UNK]</c> piece, and a run of white space
    /// none, so without it a 3 MB "word" was one 3 MB chunk, returned whole by every search that found it.
    /// </summary>
    [Range(64, 1 << 20)]
    public int? MaxChars { get; set; }

    public int EffectiveMaxChars => MaxChars ?? 16 * MaxTokens;
}
