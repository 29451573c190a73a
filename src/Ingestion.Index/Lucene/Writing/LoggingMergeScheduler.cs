using Lucene.Net.Index;
using Microsoft.Extensions.Logging;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Lucene's concurrent merge scheduler, except that a failed background merge is logged instead of rethrown: the
/// default rethrows on the merge's own thread, where nothing catches it, so a full disk during a merge would end
/// the indexer. A failed merge loses nothing (Lucene removes its partial files and keeps the segments it merged);
/// it is tried again with later merges.
/// </summary>
internal sealed class LoggingMergeScheduler(ILogger logger) : ConcurrentMergeScheduler
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(250);

    protected override void HandleMergeException(Exception exc)
    {
        logger.LogError(exc, "A background merge of the embedded index failed; its segments stay as they were");
        // As Lucene's own handler does: a failure that persists (a full disk) must not spin the merge threads.
        Thread.Sleep(PauseAfterFailure);
    }
}
