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

    /// <summary>A version newer than every version this document has had, whether assigned or given by clients.</summary>
    Task<long> NextVersionAsync(string documentId, CancellationToken cancellationToken);

    /// <summary>Remembers a client-given version, so later assigned versions are newer.</summary>
    Task ObserveVersionAsync(string documentId, long version, CancellationToken cancellationToken);
}
