using System.ComponentModel.DataAnnotations;

namespace Ingestion.Gateway.Search;

/// <summary>
/// Fusion settings used when a request does not give its own. The defaults are the literature's, not tuned to any
/// test set: a convex combination of min-max-normalised scores with equal weights (α = 0.5), which Bruch et al.
/// (TOIS 2023) found better than RRF in and out of domain; and for <c>fusion=rrf</c>, k = 60 (Cormack et al., 2009)
/// with the same equal weights (equal weights rank alike whatever their size).
/// </summary>
public sealed class FusionDefaults
{
    public FusionParameters ToParameters() => new(Method, RrfK, Window, LexicalWeight, DenseWeight);

    public FusionMethod Method { get; set; } = FusionMethod.Cc;

    [Range(1, 1000)]
    public int RrfK { get; set; } = 60;

    /// <summary>Hits taken from each leg before fusion (and over which a convex combination normalises scores).</summary>
    [Range(1, 1000)]
    public int Window { get; set; } = 100;

    /// <summary>
    /// Documents taken from each leg where documents are ranked (a grouped search): recall needs a wider window of
    /// documents than of chunks, and SciFact's training queries ranked best with 1,000 (bench/relevance.sh).
    /// </summary>
    [Range(1, 1000)]
    public int DocumentWindow { get; set; } = 1000;

    /// <summary>The lexical leg's weight; <c>Gateway:Fusion:Bm25Weight</c>, as the API names the leg.</summary>
    [Range(0.0, 100.0)]
    [ConfigurationKeyName("Bm25Weight")]
    public double LexicalWeight { get; set; } = 0.5;

    [Range(0.0, 100.0)]
    public double DenseWeight { get; set; } = 0.5;
}
