namespace Ingestion.Index;

/// <summary>
/// The version of a document an index state holds, whether that version is its delete, and the hash of the change
/// that wrote it (null where the index was written without one).
/// </summary>
public readonly record struct IndexedVersion(long Version, bool Deleted, string? ChangeHash = null);
