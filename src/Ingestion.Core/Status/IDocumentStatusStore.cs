namespace Ingestion.Core.Status;

/// <summary>Per-document ingestion status, shared by the gateway (which reports it) and the workers (which advance it).</summary>
public interface IDocumentStatusStore
{
    /// <summary>
    /// Records a state for a version. A status never moves back: an older version, or an earlier
    /// state of the same version (a redelivery), leaves the stored status as it is.
    /// </summary>
    Task RecordAsync(string documentId, long version, DocumentState state, StatusDetails details, CancellationToken cancellationToken);

    /// <summary>Notes that a version was ignored because the index already held a newer one.</summary>
    Task RecordIgnoredAsync(string documentId, long version, CancellationToken cancellationToken);

    Task<DocumentStatus?> GetAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>The statuses of many documents at once (null where none is kept), in the order of <paramref name="documentIds"/>.</summary>
    Task<DocumentStatus?[]> GetManyAsync(IReadOnlyList<string> documentIds, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a version for a change, atomically: the given one if it is newer than every version the document has had
    /// (or the same change repeated), else a conflict naming the current version; with no version given, one newer than
    /// all (from the clock, so versions also order against clients' timestamps) and than <paramref name="newerThan"/> (the
    /// version the index holds, which outlives a store that lost its claims). <paramref name="changeHash"/> tells a
    /// repeat of the same change from another change under the same version.
    /// </summary>
    Task<VersionClaim> ClaimVersionAsync(string documentId, long? version, string changeHash, long? newerThan, CancellationToken cancellationToken);
}
