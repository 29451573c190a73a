namespace Ingestion.Gateway.Search;

/// <summary>Where one leg ranked a chunk (from 1) and the score it gave.</summary>
public sealed record LegResult(int Rank, float Score, double Contribution = 0);
