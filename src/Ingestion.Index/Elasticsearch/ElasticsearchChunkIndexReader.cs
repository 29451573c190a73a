using Elastic.Clients.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// Searches through the alias. Elasticsearch's searches always read the latest refresh, so a "snapshot" here is
/// the cluster's state at each call, with the manifests it has read (see <see cref="ElasticsearchIndexSnapshot"/>).
/// </summary>
public sealed class ElasticsearchChunkIndexReader(ElasticsearchClient client, ElasticsearchIndex index, IOptions<ElasticsearchOptions> options) : IChunkIndexReader
{
    public IIndexSnapshot AcquireSnapshot() => new ElasticsearchIndexSnapshot(client, index, options.Value);

    /// <summary>The index behind the alias; documents are not counted here (a count would cost the cluster a search).</summary>
    public async Task<IndexState> DescribeAsync(CancellationToken cancellationToken) =>
        new(new IndexDescription(await index.NameAsync(cancellationToken), index.Model, -1), null);

    /// <summary>Elasticsearch's indexes are not re-indexed for a model here, so nothing is ever held.</summary>
    public Task<SwitchHold?> ApproveHeldSwitchAsync(CancellationToken cancellationToken) => Task.FromResult<SwitchHold?>(null);
}
