using System.ComponentModel.DataAnnotations;
using Ingestion.Core.Messaging;

namespace Ingestion.Indexer;

/// <summary>How much work the index writer takes from the broker at a time.</summary>
public sealed class IndexerOptions : IConsumerLimits
{
    public const string SectionName = "Indexer";

    /// <summary>Messages RabbitMQ hands the indexer ahead of acknowledgement.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>
    /// Writes in flight at once. Each waits for the group commit that makes it durable, so more in
    /// flight means more writes per commit; the version check keeps concurrent writes of one document correct.
    /// </summary>
    [Range(1, 1000)]
    public int ConcurrentMessageLimit { get; set; } = 32;

    /// <summary>
    /// Large embedded documents (over <c>Worker:LargeMessageBytes</c>, up to <c>Worker:MaxChunksPerDocument</c>
    /// chunks, about 50 MB at 20,000) the indexer takes ahead from their own queue. With <see cref="PrefetchCount"/>
    /// small ones this bounds the bytes in flight: 64 × 1 MiB + 4 × 50 MB by default.
    /// </summary>
    [Range(1, 100)]
    public int LargePrefetchCount { get; set; } = 4;

    /// <summary>Retries of a transient failure before the message goes to the error queue; 8 span about a minute, enough to outlast a server restart.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 8;
}
