using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Ingestion.Core.Documents;
using static Ingestion.Index.Elasticsearch.ElasticsearchSchema;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// The store's requests. Both search legs restrict to chunks and apply the same <see cref="SearchFilter"/>
/// clauses: BM25 in the bool query's <c>filter</c> (no effect on scores), kNN in the <c>knn</c> section's
/// <c>filter</c>, which Elasticsearch applies during the vector search (a pre-filter), so k hits come back
/// whenever k matching chunks exist.
/// </summary>
public static class ElasticsearchQueries
{
    /// <summary>BM25 over title and text, best-fields with a tie breaker of 0.3, as the embedded store scores them.</summary>
    public static SearchRequest Lexical(string target, string query, int count, SearchFilter filter) =>
        BestFields(target, query, count, filter, Title, Text);

    /// <summary>
    /// BM25 over whole documents: the title and whole text only a document's first chunk carries, best-fields as
    /// <see cref="Lexical"/>, so each hit is one document.
    /// </summary>
    public static SearchRequest DocumentsLexical(string target, string query, int count, SearchFilter filter) =>
        BestFields(target, query, count, filter, DocumentTitle, DocumentText);

    private static SearchRequest BestFields(string target, string query, int count, SearchFilter filter, string title, string text) => new(target)
    {
        Size = count,
        Query = new BoolQuery
        {
            Must = [new MultiMatchQuery(query) { Fields = new[] { title, text }, Type = TextQueryType.BestFields, TieBreaker = 0.3 }],
            Filter = Filters(filter),
        },
        Source = WithoutVectors(),
    };

    /// <summary>The top-level <c>knn</c> section: approximate (HNSW) search among the chunks the filter admits.</summary>
    public static SearchRequest Knn(string target, ReadOnlySpan<float> vector, int count, int numCandidates, SearchFilter filter) => new(target)
    {
        Size = count,
        Knn =
        [
            new KnnSearch
            {
                Field = Vector,
                QueryVector = vector.ToArray(),
                K = count,
                NumCandidates = Math.Max(count, numCandidates),
                Filter = Filters(filter),
            },
        ],
        Source = WithoutVectors(),
    };

    /// <summary>One page of every chunk, in chunk-id order, continuing after <paramref name="after"/>.</summary>
    public static SearchRequest AllChunks(string target, int pageSize, string? after) => new(target)
    {
        Size = pageSize,
        Query = new BoolQuery { Filter = Filters(SearchFilter.None) },
        Sort = [new SortOptions { Field = new FieldSort { Field = ChunkId, Order = SortOrder.Asc } }],
        SearchAfter = after is null ? null : [FieldValue.String(after)],
        Source = WithoutVectors(),
    };

    /// <summary>A document's chunks that overlap its characters [from, to) and that the filter admits, in their order.</summary>
    public static SearchRequest DocumentChunks(string target, string documentId, SearchFilter filter, int from, int to, int limit) => new(target)
    {
        Size = limit,
        Query = new BoolQuery
        {
            Filter =
            [
                .. Filters(filter),
                new TermQuery(DocumentId, documentId),
                // Offsets are mapped with doc values only (not indexed): Elasticsearch ranges over those, among this one document's chunks.
                new NumberRangeQuery(EndOffset) { Gt = from },
                new NumberRangeQuery(StartOffset) { Lt = to },
            ],
        },
        Sort = [new SortOptions { Field = new FieldSort { Field = Ordinal, Order = SortOrder.Asc } }],
        Source = WithoutVectors(),
    };

    /// <summary>Manifests of the given documents, by id, as of the last refresh (what searches see), or real time.</summary>
    public static MultiGetRequest Manifests(string target, IEnumerable<string> documentIds, bool realtime) => new(target)
    {
        Ids = new Ids([.. documentIds.Select(ManifestId)]),
        Realtime = realtime,
    };

    /// <summary>
    /// Every chunk of the document older than <paramref name="version"/>: leftovers of writes that were interrupted
    /// or failed halfway. Never newer ones, which may belong to a write in flight (its chunks precede its manifest).
    /// Version conflicts (a chunk changed meanwhile) are skipped, not failed.
    /// </summary>
    public static DeleteByQueryRequest ChunksOlderThan(string index, string documentId, long version) => new(index)
    {
        Query = new BoolQuery
        {
            Filter =
            [
                new TermQuery(Kind, ChunkKind),
                new TermQuery(DocumentId, documentId),
                new NumberRangeQuery(ElasticsearchSchema.Version) { Lt = version },
            ],
        },
        Conflicts = Conflicts.Proceed,
    };

    /// <summary>The filter clauses: chunks only, then each condition of <paramref name="filter"/> (all must hold).</summary>
    public static List<Query> Filters(SearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<Query> { new TermQuery(Kind, ChunkKind) };
        if (filter.Readers is { } readers)
        {
            // One terms query over the caller's terms (Elasticsearch allows 65,536): no terms, no chunk.
            clauses.Add(readers.Count == 0 ? new TermQuery(Kind, "none") : Terms(Readers, readers.Distinct(StringComparer.Ordinal)));
        }

        if (filter.AnyTags.Count > 0)
        {
            clauses.Add(Terms(Tags, filter.AnyTags));
        }

        foreach (var tag in filter.AllTags)
        {
            clauses.Add(new TermQuery(Tags, tag));
        }

        if (filter.ContentTypes.Count > 0)
        {
            clauses.Add(Terms(ContentType, [.. filter.ContentTypes.Select(MediaTypes.Essence)]));
        }

        if (!string.IsNullOrEmpty(filter.DocumentIdPrefix))
        {
            clauses.Add(new PrefixQuery { Field = DocumentId, Value = filter.DocumentIdPrefix });
        }

        if (filter.UpdatedAfter is { } after)
        {
            clauses.Add(new NumberRangeQuery(Updated) { Gt = after.ToUnixTimeMilliseconds() });
        }

        return clauses;
    }

    private static TermsQuery Terms(string field, IEnumerable<string> values) =>
        new() { Field = field, Terms = new TermsQueryField([.. values.Select(FieldValue.String)]) };

    /// <summary>Vectors are left out of answers: nothing reads them back, and they are most of a chunk's bytes.</summary>
    /// <summary>A chunk's source as searches read it: without its vector, and a first chunk without its document's whole text.</summary>
    private static SourceConfig WithoutVectors() => new(new SourceFilter { Excludes = new[] { Vector, DocumentText } });
}
