using Ingestion.Index;

namespace Ingestion.Gateway.Search;

/// <summary>A search result: the chunk, its final score, and what each leg said of it (null where a leg did not find it).</summary>
public sealed record FusedHit(ChunkHit Chunk, double Score, LegResult? Lexical, LegResult? Dense);
