using System.ComponentModel.DataAnnotations;

namespace Ingestion.Gateway;

/// <summary>Reciprocal-rank fusion settings used when a request does not give its own.</summary>
public sealed class FusionDefaults
{
    public Core.Retrieval.FusionParameters ToParameters() => new(RrfK, Window, Bm25Weight, DenseWeight);

    [Range(1, 1000)]
    public int RrfK { get; set; } = 10;

    /// <summary>Hits taken from each leg before fusion.</summary>
    [Range(1, 1000)]
    public int Window { get; set; } = 50;

    [Range(0.0, 100.0)]
    public double Bm25Weight { get; set; } = 1.0;

    [Range(0.0, 100.0)]
    public double DenseWeight { get; set; } = 0.3;
}
