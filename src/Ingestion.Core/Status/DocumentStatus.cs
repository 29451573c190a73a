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
    DateTimeOffset? UpdatedAt,
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

    /// <summary>
    /// True when the status store had no status for the document (Redis lost its data, or evicted it) and the index
    /// answered: the state and version are those of the document's manifest, the times and counts are not known.
    /// </summary>
    public bool? FromIndex { get; init; }

    /// <summary>
    /// Who may read the version (see <see cref="StatusDetails.Readers"/>), so that only they are told of it; null where
    /// not recorded. Never answered: a status says nothing of other readers.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string>? Readers { get; init; }

    /// <summary>What the index holds of a document whose status is lost: its manifest's version, indexed or deleted, searchable.</summary>
    public static DocumentStatus OfIndexed(string documentId, long version, bool deleted) =>
        new(documentId, deleted ? DocumentState.Deleted : DocumentState.Indexed, version, null, null, null, null, null, null, null)
        {
            Searchable = true,
            FromIndex = true,
        };

    /// <summary>Seconds from the change's acceptance to its durable index write; searchable within <c>Index:RefreshInterval</c> after.</summary>
    public double? SecondsToIndexed => IndexedAt is { } indexed && QueuedAt is { } queued ? Math.Round((indexed - queued).TotalSeconds, 3) : null;
}
