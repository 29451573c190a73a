namespace Ingestion.Gateway.Search;

/// <summary>How the two legs' rankings become one.</summary>
public enum FusionMethod
{
    /// <summary>
    /// Convex combination of min-max-normalised leg scores: <c>Σ weight_leg × (score − min) / (max − min)</c> over each
    /// leg's window, a chunk a leg did not find counting that leg's minimum (Pyserini's hybrid; Bruch et al., TOIS 2023).
    /// </summary>
    Cc,

    /// <summary>Weighted reciprocal-rank fusion: <c>Σ weight_leg / (rrfK + rank_leg)</c>, ranks from 1 (Cormack et al., 2009).</summary>
    Rrf,
}
