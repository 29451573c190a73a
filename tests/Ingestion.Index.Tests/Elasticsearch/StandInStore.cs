using Elastic.Clients.Elasticsearch;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>The store's writer and searcher on Elastic's client, talking through a <see cref="FaultInjector"/> to an <see cref="ElasticsearchStandIn"/>.</summary>
internal sealed class StandInStore : IDisposable
{
    /// <summary>The store; <paramref name="around"/>, when given, wraps the fault injector as the services wrap the client's handler (with retries).</summary>
    public StandInStore(EmbeddingModelInfo model, ElasticsearchOptions? options = null, Func<HttpMessageHandler, HttpMessageHandler>? around = null)
    {
        Cluster = new ElasticsearchStandIn();
        Faults = new FaultInjector(Cluster);
        Options = Microsoft.Extensions.Options.Options.Create(options ?? new ElasticsearchOptions { IndexAlias = "chunks", ItemRetries = 2 });
        Client = ElasticsearchClients.Create(new ElasticsearchConnection(new Uri("http://cluster.invalid:9200"), null), _ => around is null ? Faults : around(Faults));
        Index = new ElasticsearchIndex(Client, Options, model, TimeProvider.System);
        Bulk = new ElasticsearchBulk(Client, Options);
        Writer = new ElasticsearchChunkIndexWriter(Client, Index, Bulk, model);
        Searcher = new ElasticsearchChunkIndexReader(Client, Index, Options);
    }

    public ElasticsearchStandIn Cluster { get; }

    public FaultInjector Faults { get; }

    public IOptions<ElasticsearchOptions> Options { get; }

    public ElasticsearchClient Client { get; }

    public ElasticsearchIndex Index { get; }

    public ElasticsearchBulk Bulk { get; }

    public ElasticsearchChunkIndexWriter Writer { get; }

    public ElasticsearchChunkIndexReader Searcher { get; }

    /// <summary>The chunk ids stored, whatever any manifest says, as <c>document@version#ordinal</c>.</summary>
    public IEnumerable<string> StoredChunks => Cluster.Ids.Where(id => id.StartsWith("c:", StringComparison.Ordinal)).Select(id => id[2..]);

    public void Dispose()
    {
        Index.Dispose();
        Faults.Dispose();
    }
}
