using System.ComponentModel.DataAnnotations;
using Ingestion.Core.Messaging;

namespace Ingestion.Worker;

/// <summary>How much work one worker process takes from the broker at a time.</summary>
public sealed class WorkerOptions : IConsumerLimits
{
    public const string SectionName = "Worker";

    /// <summary>Messages RabbitMQ hands this process ahead of acknowledgement.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 16;

    /// <summary>Messages consumed at once; embedding already uses every core, so a few suffice.</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 4;

    /// <summary>
    /// Chunks one document may have. A document's chunks and vectors are held in memory and sent to the indexer
    /// as one message (about 2.5 KB a chunk), so this bounds both; a larger document fails with the reason.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxChunksPerDocument { get; set; } = 20_000;

    /// <summary>
    /// The time extracting one document's text may take, and again its chunking. Parsers and the chunker look at the
    /// budget between pages, paragraphs or nodes; a document over it fails with the reason instead of holding a
    /// worker (and, redelivered, the next one) for as long as its content makes it take.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan StepTimeBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Embedded documents larger than this (as JSON, about 2.5 KB a chunk) go to the indexer by the queue for large
    /// documents, of which it takes only a few ahead: many small messages and a few large ones, never gigabytes.
    /// </summary>
    [Range(typeof(long), "16384", "1073741824")]
    public long LargeMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Retries of a transient failure before the message goes to the error queue; 8 span about a minute, enough to outlast a server restart.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 8;

    /// <summary>
    /// The Linux nice value of every thread of the worker (0 to 19; 0 leaves them as started). The encoder takes every
    /// core it is given; at the lowest priority it still gets all the CPU the gateway and the indexer leave, and a
    /// search beside a bulk ingest waits less for it: hybrid p99 under ingestion 1.8x idle at 19, 2.2x at 10 and 4.2x
    /// without (docs/benchmarks.md, ingestion).
    /// </summary>
    [Range(0, 19)]
    public int Nice { get; set; } = 19;
}
