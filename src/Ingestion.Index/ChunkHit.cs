namespace Ingestion.Index;

/// <summary>A chunk found by one retrieval leg, with that leg's score (higher is better), its page and its context.</summary>
public sealed record ChunkHit(
    string ChunkId,
    string DocumentId,
    long Version,
    string Title,
    string Text,
    int Ordinal,
    int StartOffset,
    int EndOffset,
    float Score,
    int? Page = null,
    string? Context = null);
