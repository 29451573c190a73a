namespace Ingestion.Index;

/// <summary>
/// A change to one document's chunks, applied only when <see cref="Version"/> is newer than the indexed one. The same
/// version again is the same change (a redelivery) only if it is the same kind and, where both name one, of the same
/// <see cref="ChangeHash"/>; any other is refused (see <see cref="SameVersion"/>), since one version is one content.
/// </summary>
public abstract record DocumentWrite(string DocumentId, long Version)
{
    /// <summary>What the change was, hashed at the door (the gateway's hash of the request); null where unknown.</summary>
    public abstract string? ChangeHash { get; }

    /// <summary>
    /// Who may read the document (<see cref="ReaderTerms"/>): kept on its manifest and, for a replace, every chunk; a
    /// delete's tombstone keeps those of the version it deleted, so only they are told of the delete.
    /// </summary>
    public IReadOnlyList<string> Readers { get; init; } = [];
}

/// <summary>Replaces every chunk of the document with <see cref="Chunks"/>.</summary>
public sealed record ReplaceDocument(
    string DocumentId,
    long Version,
    string Title,
    string ContentType,
    IReadOnlyList<string> Tags,
    string EmbeddingModelId,
    IReadOnlyList<IndexedChunk> Chunks,
    DateTimeOffset? UpdatedAt = null,
    string? Hash = null) : DocumentWrite(DocumentId, Version)
{
    public override string? ChangeHash => Hash;
}

/// <summary>Removes every chunk of the document and remembers the version, so an older replace arriving late is ignored.</summary>
public sealed record RemoveDocument(string DocumentId, long Version) : DocumentWrite(DocumentId, Version)
{
    /// <summary>The hash every delete has: a delete is the same change as any other delete of the version.</summary>
    public const string DeleteHash = "delete";

    public override string? ChangeHash => DeleteHash;

    /// <summary>When the delete happened, where it is being copied (a re-index): its tombstone's retention runs from then, not from the copy.</summary>
    public DateTimeOffset? DeletedAt { get; init; }
}
