using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Elasticsearch;
using Ingestion.Core.Tests.Indexing.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Tests.Indexing.Contract;

/// <summary>
/// The contract on a real Elasticsearch 8.x cluster named by <c>ELASTICSEARCH_URL</c> (for example
/// <c>http://elastic:changeme@localhost:9200</c>), each test in an index and alias of its own. Without the variable
/// every test is reported as skipped: no cluster can be installed on the machines this is built on.
/// </summary>
public sealed class ElasticsearchChunkStoreContractTests : ChunkStoreContract
{
    private static readonly string? ClusterUrl = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");

    protected override string? Unavailable => string.IsNullOrWhiteSpace(ClusterUrl)
        ? "ELASTICSEARCH_URL is not set, so there is no Elasticsearch cluster to run the contract against."
        : null;

    protected override async Task<StoreUnderTest> OpenAsync(EmbeddingModelInfo model)
    {
        var clients = ClusterHttpClients.For(ClusterUrl!);
        var options = Options.Create(new ElasticsearchOptions { IndexAlias = $"ingestion-contract-{Guid.NewGuid():N}", Replicas = 0 });
        var client = new ElasticsearchClient(clients, options);
        var index = new ElasticsearchIndex(client, options, model, TimeProvider.System);
        var name = await index.NameAsync(default);
        return new StoreUnderTest(
            new ElasticsearchChunkIndexWriter(client, index, model),
            new ElasticsearchChunkSearcher(client, index, options),
            async () =>
            {
                using var http = clients.CreateClient(ElasticsearchClient.HttpClientName);
                using var refreshed = await http.PostAsync($"{options.Value.IndexAlias}/_refresh", null);
                refreshed.EnsureSuccessStatusCode();
            },
            async other =>
            {
                using var foreign = new ElasticsearchIndex(client, options, other, TimeProvider.System);
                await foreign.NameAsync(default);
            },
            async () =>
            {
                index.Dispose();
                using var http = clients.CreateClient(ElasticsearchClient.HttpClientName);
                using var deleted = await http.DeleteAsync(name);
            });
    }
}
