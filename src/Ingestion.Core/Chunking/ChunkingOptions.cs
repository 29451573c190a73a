using System.ComponentModel.DataAnnotations;

namespace Ingestion.Core.Chunking;

/// <summary>The token budget of a chunk. The encoder reads 128 tokens at a time, so the default fills one window.</summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "Chunking";

    [Range(16, 4096)]
    public int MaxTokens { get; set; } = 128;

    /// <summary>Tokens of trailing sentences repeated at the start of the next chunk, so no sentence loses its context.</summary>
    [Range(0, 1024)]
    public int OverlapTokens { get; set; } = 24;
}
