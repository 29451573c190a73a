using System.Diagnostics;
using Ingestion.Core.Embeddings;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// When the embedded index holds vectors of another model than <c>Embeddings:Model</c>, re-indexes it in the background
/// (see <see cref="LuceneIndexRebuild"/>) while the indexer keeps applying live writes to the new index; searches read
/// the old index until the switch, which a switch gate may hold. A failure is tried again (a restart resumes it too), never ending the indexer.
/// </summary>
internal sealed class IndexRebuildService(LuceneChunkIndexWriter writer, EmbeddingGenerators generators, IEnumerable<IIndexSwitchGate> gates, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (writer.RebuildSource is null)
        {
            return;
        }

        var logger = loggers.CreateLogger<IndexRebuildService>();
        var lastReport = Stopwatch.GetTimestamp();
        var progress = new Progress<(int Done, int Total)>(p =>
        {
            if (Stopwatch.GetElapsedTime(lastReport) >= ReportEvery || p.Done == p.Total)
            {
                lastReport = Stopwatch.GetTimestamp();
                logger.LogInformation("Re-indexing for {Model}: {Done} of {Total} documents", generators.Configured.Info.ModelId, p.Done, p.Total);
            }
        });
        await Task.Yield();
        await new LuceneIndexRebuild(writer, loggers.CreateLogger<LuceneIndexRebuild>(), gates.FirstOrDefault()).RunUntilDoneAsync(generators.ForConfigured(), progress, RetryDelay, stoppingToken);
    }
}
