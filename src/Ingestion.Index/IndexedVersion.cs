namespace Ingestion.Index;

/// <summary>
/// The version of a document an index state holds, whether that version is its delete, and the hash of the change
/// that wrote it (null where the index was written without one), and who may read it (empty for a delete, or where
/// the index was written without readers).
/// </summary>
public readonly record struct IndexedVersion(long Version, bool Deleted, string? ChangeHash = null)
{
    public IReadOnlyList<string> Readers { get; init; } = [];
}
