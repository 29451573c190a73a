
namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// The two legs against Elasticsearch. Its <see cref="Generation"/> is unknown (-1): refreshes are the cluster's,
/// and reading a counter per search would cost a round trip, so answers from this store are not result-cached
/// (Elasticsearch's own shard request cache is invalidated by each refresh).
/// </summary>
public sealed class ElasticsearchIndexSnapshot(ElasticsearchClient client, ElasticsearchIndex index, ElasticsearchOptions options) : IIndexSnapshot
{
    private const int PageSize = 1000;

    public long Generation => -1;

    public EmbeddingModelInfo? Model => index.Model;

    public async Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await index.NameAsync(cancellationToken);
        var response = await client.SearchAsync(index.Alias, ElasticsearchQueries.Lexical(query, count, filter), cancellationToken);
        return NewestVersions(response.Hits.Hits.Select(h => ToHit(h.Source, (float)(h.Score ?? 0))));
    }

    public async Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken)
    {
        await index.NameAsync(cancellationToken);
        var response = await client.SearchAsync(index.Alias, ElasticsearchQueries.Knn(queryVector.Span, count, options.NumCandidates, filter), cancellationToken);
        // Elasticsearch scores cosine similarity as (1 + cosine) / 2; the embedded store reports the cosine itself.
        return NewestVersions(response.Hits.Hits.Select(h => ToHit(h.Source, (float)((2 * (h.Score ?? 0.5)) - 1))));
    }

    public async Task<IReadOnlyDictionary<string, long>> IndexedVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        await index.NameAsync(cancellationToken);
        if (documentIds.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        // Not real time: what the last refresh made searchable is what "searchable" means.
        var response = await client.MultiGetAsync(index.Alias, ElasticsearchQueries.Manifests(documentIds), realtime: false, cancellationToken);
        return response.Docs
            .Where(d => d.Found && d.Source is not null)
            .ToDictionary(d => d.Source!.DocumentId, d => d.Source!.Version, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<ChunkHit>> AllChunksAsync(CancellationToken cancellationToken)
    {
        await index.NameAsync(cancellationToken);
        var chunks = new List<ChunkHit>();
        string? after = null;
        while (true)
        {
            var page = await client.SearchAsync(index.Alias, ElasticsearchQueries.AllChunks(PageSize, after), cancellationToken);
            chunks.AddRange(page.Hits.Hits.Select(h => ToHit(h.Source, 0)));
            if (page.Hits.Hits.Count < PageSize)
            {
                return chunks;
            }

            after = page.Hits.Hits[^1].Source.ChunkId;
        }
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// Between a replace's chunk write and the deletion of the replaced version (and the refresh after it), both
    /// versions of a document can match; only the newer one's hits are kept.
    /// </summary>
    internal static IReadOnlyList<ChunkHit> NewestVersions(IEnumerable<ChunkHit> hits)
    {
        var list = hits.ToList();
        var newest = list.GroupBy(h => h.DocumentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(h => h.Version), StringComparer.Ordinal);
        return [.. list.Where(h => h.Version == newest[h.DocumentId])];
    }

    private static ChunkHit ToHit(StoredSource source, float score) => new(
        source.ChunkId ?? string.Empty,
        source.DocumentId,
        source.Version,
        source.Title ?? source.DocumentId,
        source.Text ?? string.Empty,
        source.Ordinal ?? 0,
        source.StartOffset ?? 0,
        source.EndOffset ?? 0,
        score,
        source.Page);
}
