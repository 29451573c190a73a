using System.Text.Json.Nodes;
using static Ingestion.Core.Indexing.Elasticsearch.ElasticsearchSchema;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// Search request bodies of the two legs. Both restrict to chunks and apply the same <see cref="SearchFilter"/>
/// clauses: BM25 in the bool query's <c>filter</c> (no effect on scores), kNN in the <c>knn</c> section's
/// <c>filter</c>, which Elasticsearch applies during the vector search (a pre-filter), so k hits come back
/// whenever k matching chunks exist.
/// </summary>
public static class ElasticsearchQueries
{
    /// <summary>Fields a hit needs; the vector is left out of responses.</summary>
    private static readonly string[] SourceExcludes = [Vector];

    /// <summary>BM25 over title and text, best-fields with a tie breaker of 0.3, as the embedded store scores them.</summary>
    public static JsonObject Lexical(string query, int count, SearchFilter filter) => new()
    {
        ["size"] = count,
        ["query"] = new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["must"] = new JsonArray(new JsonObject
                {
                    ["multi_match"] = new JsonObject
                    {
                        ["query"] = query,
                        ["fields"] = new JsonArray(Title, Text),
                        ["type"] = "best_fields",
                        ["tie_breaker"] = 0.3,
                    },
                }),
                ["filter"] = Filters(filter),
            },
        },
        ["_source"] = Source(),
    };

    /// <summary>The top-level <c>knn</c> section: approximate (HNSW) search among the chunks the filter admits.</summary>
    public static JsonObject Knn(ReadOnlySpan<float> vector, int count, int numCandidates, SearchFilter filter)
    {
        var queryVector = new JsonArray();
        foreach (var value in vector)
        {
            queryVector.Add(value);
        }

        return new JsonObject
        {
            ["size"] = count,
            ["knn"] = new JsonObject
            {
                ["field"] = Vector,
                ["query_vector"] = queryVector,
                ["k"] = count,
                ["num_candidates"] = Math.Max(count, numCandidates),
                ["filter"] = Filters(filter),
            },
            ["_source"] = Source(),
        };
    }

    /// <summary>Manifests of the given documents, by id; <c>realtime=false</c> in the URL makes it read the searchable state.</summary>
    public static JsonObject Manifests(IEnumerable<string> documentIds) => new()
    {
        ["ids"] = new JsonArray([.. documentIds.Select(id => (JsonNode)JsonValue.Create(ManifestId(id)))]),
    };

    /// <summary>One page of every chunk, in chunk-id order, continuing after <paramref name="after"/>.</summary>
    public static JsonObject AllChunks(int pageSize, string? after)
    {
        var body = new JsonObject
        {
            ["size"] = pageSize,
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["filter"] = Filters(SearchFilter.None) } },
            ["sort"] = new JsonArray(new JsonObject { [ChunkId] = "asc" }),
            ["_source"] = Source(),
        };
        if (after is not null)
        {
            body["search_after"] = new JsonArray(after);
        }

        return body;
    }

    /// <summary>The filter clauses: chunks only, then each condition of <paramref name="filter"/> (all must hold).</summary>
    public static JsonArray Filters(SearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new JsonArray(Term(Kind, ChunkKind));
        if (filter.AnyTags.Count > 0)
        {
            clauses.Add(Terms(Tags, filter.AnyTags));
        }

        foreach (var tag in filter.AllTags)
        {
            clauses.Add(Term(Tags, tag));
        }

        if (filter.ContentTypes.Count > 0)
        {
            clauses.Add(Terms(ContentType, filter.ContentTypes));
        }

        if (!string.IsNullOrEmpty(filter.DocumentIdPrefix))
        {
            clauses.Add(new JsonObject { ["prefix"] = new JsonObject { [DocumentId] = filter.DocumentIdPrefix } });
        }

        if (filter.UpdatedAfter is { } after)
        {
            clauses.Add(new JsonObject { ["range"] = new JsonObject { [Updated] = new JsonObject { ["gt"] = after.ToUnixTimeMilliseconds() } } });
        }

        return clauses;
    }

    private static JsonObject Term(string field, string value) => new() { ["term"] = new JsonObject { [field] = value } };

    private static JsonObject Terms(string field, IEnumerable<string> values) =>
        new() { ["terms"] = new JsonObject { [field] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]) } };

    private static JsonObject Source() => new() { ["excludes"] = new JsonArray([.. SourceExcludes.Select(f => (JsonNode)JsonValue.Create(f))]) };
}
