using Lucene.Net.Index;
using Microsoft.Extensions.Logging;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Tombstones older than <c>Index:TombstoneRetention</c> leave the index and the version map with the next commit, as
/// Elasticsearch drops its own after <c>index.gc_deletes</c>: within it a late older write is refused as stale.
/// </summary>
internal static class TombstoneExpiry
{
    /// <summary>
    /// Each expired tombstone is its document's whole block, so deleting by its id removes it alone. Called with the
    /// writer's gate held; should the commit fail, the rollback restores them with the versions.
    /// </summary>
    public static void DropExpired(IndexWriter writer, WriterVersionMap versions, DateTimeOffset cutoff, TimeSpan retention, ILogger logger)
    {
        var expired = versions.RemoveTombstonesBefore(cutoff.ToUnixTimeMilliseconds());
        foreach (var documentId in expired)
        {
            writer.DeleteDocuments(new Term(LuceneSchema.DocumentId, documentId));
        }

        if (expired.Count > 0)
        {
            logger.LogInformation("Dropped {Count} tombstones older than {Retention}", expired.Count, retention);
        }
    }
}
