using System.ComponentModel.DataAnnotations;

namespace Ingestion.Index;

/// <summary>Where the embedded store keeps its files and how fast changes become visible.</summary>
public sealed class IndexOptions
{
    public const string SectionName = "Index";

    /// <summary>Folder of the index; the indexer writes it and the gateway reads the same folder.</summary>
    [Required(ErrorMessage = "Index:DataPath is required: the folder the embedded index lives in.")]
    public string DataPath { get; set; } = string.Empty;

    /// <summary>How long the writer gathers changes before one commit makes them durable and visible.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan CommitDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a starting writer waits for the index's write lock, which the writer of an overlapping restart may
    /// still hold; a start that cannot get it in this time fails (one writer per index, so one indexer consumes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan WriterLockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a delete's tombstone is kept: within it, a late write of an older version (a redelivery, a worker that was
    /// slow) is refused as stale; after it the tombstone is dropped from the index and the writer's memory, as
    /// Elasticsearch drops its own after <c>index.gc_deletes</c>. A write older than the delete that arrives later than
    /// this brings the document back, so keep it above the longest a message may wait in a queue.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Candidates the dense leg rescores exactly from the float32 vectors (at least k): more is closer to exact and slower.</summary>
    [Range(1, 100_000)]
    public int DenseRescoreCandidates { get; set; } = 200;

    /// <summary>
    /// Candidates the dense leg's first pass (1-bit codes) hands to int8 scoring, at least; at least four times what is
    /// rescored exactly, and <see cref="DenseCandidateShare"/> of the index, are taken whatever this says. An index of
    /// fewer than ten times this many chunks is scanned in int8 directly, which is then as fast.
    /// </summary>
    [Range(1, 1_000_000)]
    public int DenseCandidates { get; set; } = 4000;

    /// <summary>
    /// The share of the index's chunks a binary first pass hands on at least: the more chunks, the more of them lie as
    /// near by their bits as the true nearest, so a fixed number of candidates would lose recall as the index grows.
    /// </summary>
    [Range(0.0, 1.0)]
    public double DenseCandidateShare { get; set; } = 0.04;

    /// <summary>How often a reader looks for a newer commit.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
