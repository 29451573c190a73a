using Ingestion.Core.Indexing;

namespace Ingestion.Core.Retrieval;

/// <summary>A search result: the chunk, its final score, and what each leg said of it (null where a leg did not find it).</summary>
public sealed record FusedHit(ChunkHit Chunk, double Score, LegResult? Lexical, LegResult? Dense);
