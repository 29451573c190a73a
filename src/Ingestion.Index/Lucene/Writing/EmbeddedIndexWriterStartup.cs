using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// Opens the embedded index's writer as the host starts, ahead of every other hosted service (the message bus among
/// them): constructing it takes the write lock, waiting <c>Index:WriterLockTimeout</c> for the writer of an
/// overlapping restart, and throws when another writer keeps it, which stops this start.
/// </summary>
internal sealed class EmbeddedIndexWriterStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<LuceneChunkIndexWriter>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
