namespace Ingestion.Gateway.Search;

/// <summary>
/// A document of a document ranking: its fused score, what each leg said of the document (the lexical leg scored it
/// whole, the dense leg by its best chunk), and its best chunks, for citations, best first.
/// </summary>
public sealed record RankedDocument(string DocumentId, string Title, double Score, LegResult? Lexical, LegResult? Dense, IReadOnlyList<FusedHit> Chunks);
