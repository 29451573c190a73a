using System.ComponentModel.DataAnnotations;

namespace Ingestion.Index.Judgments;

/// <summary>
/// Where judgment sets are kept and how large they may grow (<c>Gateway:Judgments</c>). They are data of the system,
/// not a cache: an embedded SQLite file beside the index (Redis may evict), written by the gateway alone; the indexer reads the set its switch gate names (<c>Index:SwitchGate</c>).
/// </summary>
public sealed class JudgmentOptions
{
    public const string SectionName = "Gateway:Judgments";

    /// <summary>The SQLite file; unset, <c>judgments.db</c> in <c>Index:DataPath</c>.</summary>
    public string? Path { get; set; }

    /// <summary>Most judgment sets kept, the ones feedback and cited answers fill included.</summary>
    [Range(2, 10_000)]
    public int MaxSets { get; set; } = 100;

    /// <summary>Most queries one set may hold.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueries { get; set; } = 100_000;

    /// <summary>Most judgments (query, document, judge) one set may hold; feedback past it is refused.</summary>
    [Range(1, 10_000_000)]
    public int MaxJudgments { get; set; } = 1_000_000;

    /// <summary>
    /// Most judgments one caller may keep in the feedback set: without it, one caller could fill the set (and refuse
    /// every other caller's feedback) alone.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxFeedbackPerCaller { get; set; } = 10_000;

    /// <summary>Most bytes of an imported set's body (a PUT of queries and judgments), larger than other requests may be.</summary>
    [Range(64 * 1024, 256L * 1024 * 1024)]
    public long MaxImportBytes { get; set; } = 32L << 20;
}
