namespace Ingestion.Index;

/// <summary>A change to one document's chunks, applied only when <see cref="Version"/> is newer than the indexed one.</summary>
public abstract record DocumentWrite(string DocumentId, long Version);

/// <summary>Replaces every chunk of the document with <see cref="Chunks"/>.</summary>
public sealed record ReplaceDocument(
    string DocumentId,
    long Version,
    string Title,
    string ContentType,
    IReadOnlyList<string> Tags,
    string EmbeddingModelId,
    IReadOnlyList<IndexedChunk> Chunks,
    DateTimeOffset? UpdatedAt = null) : DocumentWrite(DocumentId, Version);

/// <summary>Removes every chunk of the document and remembers the version, so an older replace arriving late is ignored.</summary>
public sealed record RemoveDocument(string DocumentId, long Version) : DocumentWrite(DocumentId, Version);
