namespace Ingestion.Core.Status;

/// <summary>What is known of one document's ingestion: the newest version seen and how far it got.</summary>
public sealed record DocumentStatus(
    string DocumentId,
    DocumentState State,
    long Version,
    int? ChunkCount,
    string? Error,
    string? TraceId,
    DateTimeOffset? QueuedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? IndexedAt,
    long? LastIgnoredVersion,
    string? FailedStep = null,
    int? Attempts = null,
    long? SupersededBy = null)
{
    /// <summary>
    /// Whether the reader answering this request already sees this version (an indexed version becomes searchable
    /// within <c>Index:RefreshInterval</c> of its commit); null where the reporter has no reader.
    /// </summary>
    public bool? Searchable { get; init; }

    /// <summary>Seconds from the change's acceptance to its durable index write; searchable within <c>Index:RefreshInterval</c> after.</summary>
    public double? SecondsToIndexed => IndexedAt is { } indexed && QueuedAt is { } queued ? Math.Round((indexed - queued).TotalSeconds, 3) : null;
}
