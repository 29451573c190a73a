using Ingestion.Core.Status;
using Ingestion.Index;

namespace Ingestion.Indexer.Consumers;

/// <summary>
/// A version the index will never hold because it holds a newer one ends <c>superseded</c>, naming the newer version,
/// so its status never stays <c>processing</c>; where the status already moved on to a newer version, that status
/// notes the ignored one instead.
/// </summary>
internal static class Superseded
{
    public static async Task RecordAsync(IDocumentStatusStore status, IChunkIndexWriter writer, string documentId, long version, CancellationToken cancellationToken)
    {
        var indexed = await writer.IndexedVersionAsync(documentId, cancellationToken);
        await status.RecordAsync(documentId, version, DocumentState.Superseded, new StatusDetails(SupersededBy: indexed), cancellationToken);
        await status.RecordIgnoredAsync(documentId, version, cancellationToken);
    }
}
