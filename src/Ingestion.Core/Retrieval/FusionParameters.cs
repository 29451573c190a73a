namespace Ingestion.Core.Retrieval;

/// <summary>
/// Weighted reciprocal-rank fusion: a chunk scores the sum over legs of <c>weight / (RrfK + rank)</c>,
/// ranks counted from 1 within the first <see cref="Window"/> hits of each leg.
/// </summary>
public sealed record FusionParameters(int RrfK, int Window, double LexicalWeight, double DenseWeight);
