using Microsoft.Extensions.Options;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// Searches through the alias. Elasticsearch's searches always read the latest refresh, so a "snapshot" here is
/// the cluster's state at each call (see <see cref="ElasticsearchIndexSnapshot"/>).
/// </summary>
public sealed class ElasticsearchChunkSearcher(ElasticsearchClient client, ElasticsearchIndex index, IOptions<ElasticsearchOptions> options) : IChunkSearcher
{
    public IIndexSnapshot AcquireSnapshot() => new ElasticsearchIndexSnapshot(client, index, options.Value);
}
