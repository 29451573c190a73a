namespace Ingestion.Gateway.Search;

/// <summary>
/// How a hybrid search fuses its legs: the <see cref="Method"/>, each leg's weight, the hits taken from each leg
/// (<see cref="Window"/>) and, for reciprocal-rank fusion, its <see cref="RrfK"/>.
/// </summary>
public sealed record FusionParameters(FusionMethod Method, int RrfK, int Window, double LexicalWeight, double DenseWeight);
