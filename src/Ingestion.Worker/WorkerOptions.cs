using System.ComponentModel.DataAnnotations;

namespace Ingestion.Worker;

/// <summary>How much work one worker process takes from the broker at a time.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>Messages RabbitMQ hands this process ahead of acknowledgement.</summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 16;

    /// <summary>Messages consumed at once; embedding already uses every core, so a few suffice.</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 4;
}
