namespace Ingestion.Core.Indexing;

/// <summary>Writes documents' chunks. Implementations apply a write only if its version is newer than the indexed one.</summary>
public interface IChunkIndexWriter
{
    /// <summary>Applies the write; completes once it is durable, so a message may be acknowledged afterwards.</summary>
    Task<WriteOutcome> ApplyAsync(DocumentWrite write, CancellationToken cancellationToken);
}
