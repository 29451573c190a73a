using System.ComponentModel.DataAnnotations;

namespace Ingestion.Indexer.SwitchGate;

/// <summary>
/// The evaluation a re-index for a new embedding model must pass before searches move to it (<c>Index:SwitchGate</c>).
/// Without <see cref="Judgments"/> there is no gate: a finished re-index switches at once.
/// </summary>
public sealed class SwitchGateOptions
{
    public const string SectionName = "Index:SwitchGate";

    /// <summary>The judgment set (<c>ingest judgments import</c>) both indexes are evaluated on; unset, no gate.</summary>
    [StringLength(100)]
    public string? Judgments { get; set; }

    /// <summary>How much lower the new model's mean nDCG@10 may be than the current one's and still switch.</summary>
    [Range(0.0, 1.0)]
    public double Tolerance { get; set; } = 0.01;

    /// <summary>Judged queries evaluated at most (the first by id), so the gate's cost is bounded whatever the set.</summary>
    [Range(1, 100_000)]
    public int MaxQueries { get; set; } = 1000;

    /// <summary>Chunks each query's dense search reads, from which its documents are ranked by their best chunk.</summary>
    [Range(10, 1000)]
    public int ChunksPerQuery { get; set; } = 100;
}
