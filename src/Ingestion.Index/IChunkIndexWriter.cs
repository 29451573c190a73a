namespace Ingestion.Index;

/// <summary>Writes documents' chunks. Implementations apply a write only if its version is newer than the indexed one.</summary>
public interface IChunkIndexWriter
{
    /// <summary>Applies the write; completes once it is durable, so a message may be acknowledged afterwards.</summary>
    Task<WriteOutcome> ApplyAsync(DocumentWrite write, CancellationToken cancellationToken);

    /// <summary>The version of the document the index holds durably (its chunks' or its delete's), or null when it holds none.</summary>
    Task<long?> IndexedVersionAsync(string documentId, CancellationToken cancellationToken);
}
