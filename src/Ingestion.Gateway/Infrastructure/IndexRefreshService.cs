using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Lucene;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Infrastructure;

/// <summary>Moves the gateway's reader to the worker's newest commit, so new documents are searchable within a refresh interval.</summary>
public sealed class IndexRefreshService(LuceneChunkSearcher searcher, IOptions<IndexOptions> options, ILogger<IndexRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        do
        {
            try
            {
                searcher.Refresh();
            }
            catch (IOException exception)
            {
                // A commit being written can make one refresh fail; the next one will see it whole.
                logger.LogWarning(exception, "Refreshing the index reader failed; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
