using Ingestion.Core.Retrieval;

namespace Ingestion.Gateway.Apis;

/// <summary>The answer of <c>GET /api/search</c>.</summary>
public sealed record SearchResponse(string Query, string Mode, FusionParameters Fusion, IReadOnlyList<SearchHit> Hits, double TookMs);

/// <summary>One chunk found, with the fused score and what each leg said of it (null where the leg did not find it).</summary>
public sealed record SearchHit(
    string DocumentId,
    string ChunkId,
    long Version,
    string Title,
    string Text,
    int Ordinal,
    int StartOffset,
    int EndOffset,
    double Score,
    LegResult? Bm25,
    LegResult? Dense);
