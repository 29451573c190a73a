namespace Ingestion.Index;

/// <summary>The version of a document an index state holds, and whether that version is its delete.</summary>
public readonly record struct IndexedVersion(long Version, bool Deleted);
