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
    long? LastIgnoredVersion);
