namespace Ingestion.Index;

/// <summary>One chunk as it is written to the index, with its embedding and its context (the headings above it, a continued table's header).</summary>
public sealed record IndexedChunk(string ChunkId, int Ordinal, string Text, int StartOffset, int EndOffset, ReadOnlyMemory<float> Vector, int? Page = null, string? Context = null);
