using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// The budget of a chunk in the encoder's word pieces. 128 with 24 of overlap is what was measured best on SciFact's
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
}
