using System.Collections.Concurrent;
using Elastic.Clients.Elasticsearch;
using Ingestion.Core.Embeddings;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// The two legs against Elasticsearch, each hit checked against its document's manifest: only chunks of the version
/// the manifest names are returned, so chunks a failed or interrupted write left behind (older, or newer and never
/// committed) are never found, and no answer holds two versions of one document. Manifests are read once per
/// document per snapshot (as of the last refresh, as searches read), so both legs of a hybrid search, and the fusion
/// of them, agree on every document's version. Its <see cref="Generation"/> is unknown (-1): refreshes are the
/// cluster's, so answers from this store are not result-cached.
/// </summary>
public sealed class ElasticsearchIndexSnapshot(ElasticsearchClient client, ElasticsearchIndex index, ElasticsearchOptions options) : IIndexSnapshot
{
    private const int PageSize = 1000;

    /// <summary>
    /// Each document's searchable version as this snapshot read it (null for none: no manifest, or deleted). The two
    /// legs of a hybrid search run at once: the first to need a document reads its manifest and the other awaits that
    /// same read, so both legs judge every document by one version.
    /// </summary>
    private readonly ConcurrentDictionary<string, Task<long?>> _versions = new(StringComparer.Ordinal);

    public long Generation => -1;

    public EmbeddingModelInfo? Model => index.Model;

    public Task<IReadOnlyList<ChunkHit>> SearchLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken) =>
        Bm25Async(query, ElasticsearchQueries.Lexical, count, filter, "a BM25 search", cancellationToken);

    public Task<IReadOnlyList<ChunkHit>> RankDocumentsLexicalAsync(string query, int count, SearchFilter filter, CancellationToken cancellationToken) =>
        Bm25Async(query, ElasticsearchQueries.DocumentsLexical, count, filter, "a BM25 search of whole documents", cancellationToken);

    private async Task<IReadOnlyList<ChunkHit>> Bm25Async(string query, Func<string, string, int, SearchFilter, SearchRequest> request, int count, SearchFilter filter, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await index.NameAsync(cancellationToken);
        var response = await client.SearchAsync<StoredSource>(request(index.Alias, query, count, filter), cancellationToken);
        ElasticsearchException.ThrowUnlessValid(response, what);
        return await CurrentOnlyAsync([.. response.Hits.Select(h => ToHit(h.Source!, (float)(h.Score ?? 0)))], cancellationToken);
    }

    public async Task<IReadOnlyList<ChunkHit>> SearchDenseAsync(ReadOnlyMemory<float> queryVector, int count, SearchFilter filter, CancellationToken cancellationToken)
    {
        await index.NameAsync(cancellationToken);
        var response = await client.SearchAsync<StoredSource>(ElasticsearchQueries.Knn(index.Alias, queryVector.Span, count, options.NumCandidates, filter), cancellationToken);
        ElasticsearchException.ThrowUnlessValid(response, "a kNN search");
        // Elasticsearch scores cosine similarity as (1 + cosine) / 2; the embedded store reports the cosine itself.
        return await CurrentOnlyAsync([.. response.Hits.Select(h => ToHit(h.Source!, (float)((2 * (h.Score ?? 0.5)) - 1)))], cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, IndexedVersion>> IndexedVersionsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        await index.NameAsync(cancellationToken);
        if (documentIds.Count == 0)
        {
            return new Dictionary<string, IndexedVersion>();
        }

        // Deletes count: a deleted document's version is its delete's.
        var response = await ReadManifestsAsync(documentIds, cancellationToken);
        return response
            .Where(m => m is not null)
            .ToDictionary(m => m!.DocumentId, m => new IndexedVersion(m!.Version, m.Deleted == true, m.ChangeHash) { Readers = m.Readers ?? [] }, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<ChunkHit>> AllChunksAsync(CancellationToken cancellationToken)
    {
        await index.NameAsync(cancellationToken);
        var chunks = new List<ChunkHit>();
        string? after = null;
        while (true)
        {
            var page = await client.SearchAsync<StoredSource>(ElasticsearchQueries.AllChunks(index.Alias, PageSize, after), cancellationToken);
            ElasticsearchException.ThrowUnlessValid(page, "listing chunks");
            var hits = page.Hits.ToList();
            chunks.AddRange(await CurrentOnlyAsync([.. hits.Select(h => ToHit(h.Source!, 0))], cancellationToken));
            if (hits.Count < PageSize)
            {
                return chunks;
            }

            after = hits[^1].Source!.ChunkId;
        }
    }

    public async Task<IReadOnlyList<ChunkHit>> DocumentChunksAsync(string documentId, SearchFilter filter, int fromOffset, int toOffset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await index.NameAsync(cancellationToken);
        var response = await client.SearchAsync<StoredSource>(ElasticsearchQueries.DocumentChunks(index.Alias, documentId, filter, fromOffset, toOffset, limit), cancellationToken);
        ElasticsearchException.ThrowUnlessValid(response, "reading a document's chunks");
        // Leftovers of another version (an interrupted write) are dropped as searches drop them.
        return await CurrentOnlyAsync([.. response.Hits.Select(h => ToHit(h.Source!, 0))], cancellationToken);
    }

    public void Dispose()
    {
    }

    /// <summary>The hits whose version is their document's current one, in their order.</summary>
    private async Task<IReadOnlyList<ChunkHit>> CurrentOnlyAsync(IReadOnlyList<ChunkHit> hits, CancellationToken cancellationToken)
    {
        var owned = new List<(string DocumentId, TaskCompletionSource<long?> Version)>();
        foreach (var documentId in hits.Select(h => h.DocumentId).Distinct(StringComparer.Ordinal))
        {
            var version = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_versions.TryAdd(documentId, version.Task))
            {
                owned.Add((documentId, version));
            }
        }

        if (owned.Count > 0)
        {
            try
            {
                var manifests = await ReadManifestsAsync([.. owned.Select(o => o.DocumentId)], cancellationToken);
                for (var i = 0; i < owned.Count; i++)
                {
                    owned[i].Version.SetResult(manifests[i] is { Deleted: not true } manifest ? manifest.Version : null);
                }
            }
            catch (Exception exception)
            {
                foreach (var (_, version) in owned)
                {
                    version.TrySetException(exception);
                }

                throw;
            }
        }

        var current = new List<ChunkHit>(hits.Count);
        foreach (var hit in hits)
        {
            if (await _versions[hit.DocumentId] == hit.Version)
            {
                current.Add(hit);
            }
        }

        return current;
    }

    /// <summary>The manifests of <paramref name="documentIds"/> in their order, null where there is none; as of the last refresh, as searches read.</summary>
    private async Task<IReadOnlyList<StoredSource?>> ReadManifestsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        var response = await client.MultiGetAsync<StoredSource>(ElasticsearchQueries.Manifests(index.Alias, documentIds, realtime: false), cancellationToken);
        ElasticsearchException.ThrowUnlessValid(response, $"reading {documentIds.Count} manifests");
        return [.. response.Docs.Select(d => d.Match(found => found is { Found: true } ? found.Source : null, error => throw new ElasticsearchException($"Reading manifest {error?.Id} failed: {error?.Error?.Reason}")))];
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
        source.Page,
        source.Context);
}
