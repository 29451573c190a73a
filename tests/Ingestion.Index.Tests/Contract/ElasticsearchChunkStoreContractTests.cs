using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Search;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Elasticsearch;
using Ingestion.Index.Tests.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Contract;

/// <summary>
/// The contract on a real Elasticsearch 9.x cluster named by <c>ELASTICSEARCH_URL</c> (for example
/// <c>http://elastic:changeme@localhost:9200</c>), each test in an index and alias of its own, through Elastic's client
/// with a <see cref="FaultInjector"/> in front of the cluster for the interleaving cases. Without the variable every
/// test is reported as skipped: no cluster can be installed on the machines this is built on.
/// </summary>
public sealed class ElasticsearchChunkStoreContractTests : ChunkStoreContract
{
    private static readonly string? ClusterUrl = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");

    protected override string? Unavailable => string.IsNullOrWhiteSpace(ClusterUrl)
        ? "ELASTICSEARCH_URL is not set, so there is no Elasticsearch cluster to run the contract against."
        : null;

    protected override async Task<StoreUnderTest> OpenAsync(EmbeddingModelInfo model)
    {
        FaultInjector? faults = null;
        var client = ElasticsearchClients.Create(ElasticsearchConnection.Parse(ClusterUrl!), inner => faults ??= new FaultInjector(inner));
        var options = Options.Create(new ElasticsearchOptions { IndexAlias = $"ingestion-contract-{Guid.NewGuid():N}", Replicas = 0 });
        var index = new ElasticsearchIndex(client, options, model, TimeProvider.System);
        var name = await index.NameAsync(default);
        var bulk = new ElasticsearchBulk(client, options);
        return new StoreUnderTest(
            new ElasticsearchChunkIndexWriter(client, index, bulk, model),
            new ElasticsearchChunkIndexReader(client, index, options),
            () => RefreshAsync(client, name),
            async other =>
            {
                using var foreign = new ElasticsearchIndex(client, options, other, TimeProvider.System);
                await foreign.NameAsync(default);
            },
            async () =>
            {
                await RefreshAsync(client, name);
                var stored = await client.SearchAsync<StoredSource>(new SearchRequest(name)
                {
                    Size = 10_000,
                    Query = new Elastic.Clients.Elasticsearch.QueryDsl.TermQuery(ElasticsearchSchema.Kind, ElasticsearchSchema.ChunkKind),
                    Source = new SourceConfig(new SourceFilter { Includes = new[] { ElasticsearchSchema.DocumentId, ElasticsearchSchema.Version, ElasticsearchSchema.Ordinal } }),
                });
                ElasticsearchException.ThrowUnlessValid(stored, "listing stored chunks");
                return [.. stored.Hits.Select(h => $"{h.Source!.DocumentId}@{h.Source.Version}#{h.Source.Ordinal}")];
            },
            step => faults!.FailNext(step),
            async () =>
            {
                index.Dispose();
                await client.Indices.DeleteAsync(name);
            });
    }

    private static async Task RefreshAsync(ElasticsearchClient client, string name) =>
        ElasticsearchException.ThrowUnlessValid(await client.Indices.RefreshAsync(name), $"refreshing {name}");
}
