namespace Ingestion.Contracts;

/// <summary>A document was deleted at <see cref="Version"/>; older upserts arriving later are ignored.</summary>
public sealed record DocumentDeleted
{
    public required string DocumentId { get; init; }

    public required long Version { get; init; }

    /// <summary>Who could read the version it deletes: its tombstone and status are answered only to them.</summary>
    public IReadOnlyList<string> Readers { get; init; } = [];

    public required DateTimeOffset OccurredAt { get; init; }
}
