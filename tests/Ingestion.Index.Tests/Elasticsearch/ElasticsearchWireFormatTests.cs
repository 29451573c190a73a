using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch.Mapping;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Elasticsearch;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// What Elastic's client sends for the store, recorded on the wire (un-gzipped) and checked against the shapes
/// Elasticsearch 9.x documents: index creation (strict mapping, dense_vector with bbq_hnsw or int8_hnsw, the model in
/// <c>_meta</c>, the alias as write index), bulk NDJSON, compare-and-set, real-time GET, <c>_mget</c>, the BM25 and
/// top-level kNN searches with their filters, delete-by-query; and documented responses read: partial bulk failures,
/// 409, 429, mapping errors, a proxy's error page. Where a list has one element the client writes the element alone
/// (<c>"must": {…}</c>, <c>"sort": {…}</c>), a form the documentation gives for each.
/// </summary>
public sealed class ElasticsearchWireFormatTests : IDisposable
{
    private static readonly EmbeddingModelInfo MiniLm = new("all-MiniLM-L6-v2", 384);
    private static readonly float[] OneDimension = [1f];
    private readonly StandInStore _store = new(MiniLm);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task IndexCreationMapsEveryFieldExplicitlyWithABbqHnswCosineVectorTheModelInMetaAndTheAliasAsWriteIndex()
    {
        await _store.Index.NameAsync(default);

        var create = Assert.Single(_store.Cluster.Requests, r => r.Method == "PUT" && r.Path.Count == 1);
        Assert.StartsWith("chunks-all-minilm-l6-v2-", create.Path[0], StringComparison.Ordinal);
        AssertJson("""
            {
              "settings": { "number_of_shards": 1, "number_of_replicas": 1, "similarity": { "document_bm25": { "type": "BM25", "k1": 0.9, "b": 0.4 } } },
              "aliases": { "chunks": { "is_write_index": true } },
              "mappings": {
                "dynamic": "strict",
                "_meta": { "embedding_model": "all-MiniLM-L6-v2", "embedding_dimension": 384 },
                "properties": {
                  "kind": { "type": "keyword" },
                  "document_id": { "type": "keyword" },
                  "version": { "type": "long" },
                  "chunk_id": { "type": "keyword" },
                  "ordinal": { "type": "integer" },
                  "title": { "type": "text", "analyzer": "english" },
                  "text": { "type": "text", "analyzer": "english" },
                  "document_title": { "type": "text", "analyzer": "english", "index_options": "freqs", "similarity": "document_bm25" },
                  "document_text": { "type": "text", "analyzer": "english", "index_options": "freqs", "similarity": "document_bm25" },
                  "start_offset": { "type": "integer", "index": false },
                  "end_offset": { "type": "integer", "index": false },
                  "page": { "type": "integer", "index": false },
                  "context": { "type": "text", "index": false },
                  "tags": { "type": "keyword" },
                  "readers": { "type": "keyword" },
                  "content_type": { "type": "keyword" },
                  "updated": { "type": "long" },
                  "vector": { "type": "dense_vector", "dims": 384, "index": true, "similarity": "cosine", "index_options": { "type": "bbq_hnsw" } },
                  "deleted": { "type": "boolean" },
                  "chunk_count": { "type": "integer", "index": false },
                  "previous_version": { "type": "long", "index": false },
                  "previous_chunk_count": { "type": "integer", "index": false },
                  "change_hash": { "type": "keyword", "index": false, "doc_values": false }
                }
              }
            }
            """, create.Body);
    }

    [Fact]
    public async Task TheWriterAddsFieldsNewerThanTheIndexToItsMappingOnceBeforeItsFirstWrite()
    {
        // An index of an earlier version: no change hashes, readers, whole documents or chunk contexts mapped yet.
        _store.Cluster.CreateIndex(
            "chunks-all-minilm-l6-v2-20260101000000",
            "chunks",
            new JsonObject { ["embedding_model"] = MiniLm.ModelId, ["embedding_dimension"] = MiniLm.Dimension },
            new JsonObject { ["title"] = new JsonObject { ["type"] = "text", ["analyzer"] = "english" } });
        await Replace("doc", 1, chunks: 1);
        await Replace("doc", 2, chunks: 1);

        // PUT /{index}/_mapping with only the fields it lacks: Elasticsearch adds them, and refuses a change to an
        // existing one. Whole-document fields take the default BM25: an open index cannot be given a new similarity.
        var added = Assert.Single(_store.Cluster.Requests, r => r.Method == "PUT" && r.Path is [_, "_mapping"]);
        Assert.Equal(_store.Cluster.Index, added.Path[0]);
        AssertJson("""
            {
              "properties": {
                "change_hash": { "type": "keyword", "index": false, "doc_values": false },
                "readers": { "type": "keyword" },
                "document_title": { "type": "text", "analyzer": "english", "index_options": "freqs" },
                "document_text": { "type": "text", "analyzer": "english", "index_options": "freqs" },
                "context": { "type": "text", "index": false }
              }
            }
            """, added.Body);
        Assert.True(_store.Cluster.Requests.IndexOf(added) < _store.Cluster.Requests.FindIndex(r => r.Path[^1] == "_bulk"));
    }

    [Fact]
    public async Task AnIndexCreatedWithEveryFieldGetsNoMappingChange()
    {
        await Replace("doc", 1, chunks: 1);

        Assert.DoesNotContain(_store.Cluster.Requests, r => r.Method == "PUT" && r.Path is [_, "_mapping"]);
        Assert.Contains(_store.Cluster.Requests, r => r.Method == "GET" && r.Path is [_, "_mapping"] && r.Path[0] == _store.Cluster.Index);
    }

    [Fact]
    public async Task EveryRequestAsksForElasticsearch9CompatibilityAndBodiesAreGzipped()
    {
        await Replace("doc", 1, chunks: 2);

        // Bulk bodies are NDJSON, which Elasticsearch takes as application/x-ndjson and answers in plain JSON.
        Assert.All(_store.Cluster.Requests.Where(r => r.Path[^1] != "_bulk"), r => Assert.Contains("compatible-with=9", string.Join(",", r.Message.Headers.Accept), StringComparison.Ordinal));
        Assert.All(_store.Cluster.Requests.Where(r => r.Path[^1] == "_bulk"), r => Assert.Equal("application/x-ndjson", r.Message.Content!.Headers.ContentType!.MediaType));
        Assert.All(_store.Cluster.Requests.Where(r => r.Body.Length > 0), r => Assert.Contains("gzip", r.Message.Content!.Headers.ContentEncoding));
    }

    [Theory]
    [InlineData("auto", 384, "BbqHnsw")]
    [InlineData("auto", 64, "BbqHnsw")]
    [InlineData("auto", 32, "Int8Hnsw")]
    [InlineData("int8_hnsw", 384, "Int8Hnsw")]
    [InlineData("hnsw", 384, "Hnsw")]
    public void TheVectorIndexFollowsTheDimensionUnlessOneIsNamed(string setting, int dimensions, string expected) =>
        Assert.Equal(Enum.Parse<DenseVectorIndexOptionsType>(expected), ElasticsearchSchema.VectorIndexType(setting, dimensions));

    [Fact]
    public void BbqIsRefusedForVectorsUnderItsMinimumDimension()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ElasticsearchSchema.VectorIndexType("bbq_hnsw", 32));

        Assert.Contains("64 dimensions", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVersionedIndexNameIsLowercaseAndCarriesTheModelAndTime()
    {
        var name = ElasticsearchSchema.NewIndexName("ingestion-chunks", new EmbeddingModelInfo("Arctic-Embed/xs 1.0", 384), new DateTimeOffset(2026, 11, 24, 21, 5, 9, TimeSpan.Zero));

        Assert.Equal("ingestion-chunks-arctic-embed-xs-1-0-20261124210509", name);
    }

    [Fact]
    public async Task ChunksGoAsBulkNdjsonOfActionAndSourceLinesAndTheManifestByCompareAndSet()
    {
        await Replace("doc", 1, chunks: 1);
        await Replace("doc", 2, chunks: 1);
        var index = _store.Cluster.Index;

        var bulk = _store.Cluster.Requests.Where(r => r.Step == StoreStep.ChunkWrite).Last();
        Assert.Equal(("POST", $"/{index}/_bulk"), (bulk.Method, bulk.Message.RequestUri!.AbsolutePath));
        Assert.Equal("application/x-ndjson", bulk.Message.Content!.Headers.ContentType!.MediaType);
        Assert.EndsWith("\n", bulk.Body, StringComparison.Ordinal);
        var lines = bulk.Body.TrimEnd('\n').Split('\n');
        AssertJson("""{ "index": { "_id": "c:doc@2#0" } }""", lines[0]);
        AssertJson("""
            { "kind": "chunk", "document_id": "doc", "version": 2, "chunk_id": "doc@2#0", "ordinal": 0, "title": "Title",
              "text": "Line one\nline \"two\"", "document_title": "Title", "document_text": "Line one\nline \"two\"",
              "start_offset": 0, "end_offset": 4, "tags": ["tag"], "readers": [], "content_type": "text/plain",
              "vector": [0.5, -0.25] }
            """, lines[1]);

        var manifests = _store.Cluster.Requests.Where(r => r.Step == StoreStep.ManifestWrite).ToList();
        Assert.Equal($"/{index}/_doc/m%3Adoc?op_type=create", manifests[0].Message.RequestUri!.PathAndQuery);
        Assert.Matches($@"^/{index}/_doc/m%3Adoc\?if_seq_no=\d+&if_primary_term=1$", manifests[1].Message.RequestUri!.PathAndQuery);
        AssertJson("""
            { "kind": "manifest", "document_id": "doc", "version": 2, "readers": [], "deleted": false, "chunk_count": 1, "previous_version": 1, "previous_chunk_count": 1 }
            """, manifests[1].Body);

        var read = _store.Cluster.Requests.First(r => r.Step == StoreStep.ManifestRead);
        Assert.Equal($"/{index}/_doc/m%3Adoc?realtime=true", read.Message.RequestUri!.PathAndQuery);
        var replaced = _store.Cluster.Requests.Single(r => r.Step == StoreStep.ChunkDelete);
        AssertJson("""{ "delete": { "_id": "c:doc@1#0" } }""", replaced.Body.TrimEnd('\n'));
    }

    [Fact]
    public async Task LeftoversOfOlderVersionsAreDeletedByAQueryOnTheDocumentAndAnOlderVersionOnly()
    {
        await Replace("doc", 7, chunks: 1);

        var delete = _store.Cluster.Requests.Single(r => r.Step == StoreStep.OlderChunksDelete);
        Assert.Equal($"/{_store.Cluster.Index}/_delete_by_query?conflicts=proceed", delete.Message.RequestUri!.PathAndQuery);
        AssertJson("""
            { "query": { "bool": { "filter": [
                { "term": { "kind": { "value": "chunk" } } },
                { "term": { "document_id": { "value": "doc" } } },
                { "range": { "version": { "lt": 7 } } } ] } } }
            """, delete.Body);
    }

    [Fact]
    public async Task BulkRequestsAreCutWithinTheirByteAndItemBoundsInOrder()
    {
        using var store = new StandInStore(MiniLm, new ElasticsearchOptions { IndexAlias = "chunks", BulkMaxBytes = 2048, BulkMaxItems = 10 });
        var name = await store.Index.NameAsync(default);
        var operations = Enumerable.Range(0, 25)
            .Select(i => i % 5 == 0 ? BulkOperation.Delete($"c:doc@1#{i}") : BulkOperation.Index($"c:doc@2#{i}", new StoredSource { DocumentId = "doc", Version = 2, Text = new string('x', 200 + i) }))
            .ToList();

        await store.Bulk.SendAsync(name, operations, default);

        var bodies = store.Cluster.Requests.Where(r => r.Path[^1] == "_bulk").Select(r => r.Body).ToList();
        Assert.True(bodies.Count >= 3);
        Assert.All(bodies, b => Assert.True(System.Text.Encoding.UTF8.GetByteCount(b) <= 2048, $"{System.Text.Encoding.UTF8.GetByteCount(b)} bytes"));
        var sent = bodies.SelectMany(b => b.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => JsonNode.Parse(l)!.AsObject()).Where(o => o.ContainsKey("index") || o.ContainsKey("delete")).ToList();
        Assert.All(bodies, b => Assert.True(b.Split('\n').Count(l => l.StartsWith("{\"index\"", StringComparison.Ordinal) || l.StartsWith("{\"delete\"", StringComparison.Ordinal)) <= 10));
        Assert.Equal(operations.Select(o => o.Id), sent.Select(o => o.Single().Value!["_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task TheBm25LegIsAMultiMatchOverTitleAndTextWithTheFiltersAsFilterClauses()
    {
        using var snapshot = _store.Searcher.AcquireSnapshot();
        await snapshot.SearchLexicalAsync("rank fusion", 10, new SearchFilter { AnyTags = ["notes"] }, default);

        var search = _store.Cluster.Requests.Single(r => r.Path[^1] == "_search");
        Assert.Equal("/chunks/_search", search.Message.RequestUri!.AbsolutePath);
        AssertJson("""
            {
              "size": 10,
              "query": {
                "bool": {
                  "must": { "multi_match": { "query": "rank fusion", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.3 } },
                  "filter": [ { "term": { "kind": { "value": "chunk" } } }, { "terms": { "tags": ["notes"] } } ]
                }
              },
              "_source": { "excludes": ["vector", "document_text"] }
            }
            """, search.Body);
    }

    [Fact]
    public async Task TheWholeDocumentBm25LegIsAMultiMatchOverTheDocumentFieldsWithTheSameFilters()
    {
        using var snapshot = _store.Searcher.AcquireSnapshot();
        await snapshot.RankDocumentsLexicalAsync("rank fusion", 100, new SearchFilter { AnyTags = ["notes"] }, default);

        var search = _store.Cluster.Requests.Single(r => r.Path[^1] == "_search");
        AssertJson("""
            {
              "size": 100,
              "query": {
                "bool": {
                  "must": { "multi_match": { "query": "rank fusion", "fields": ["document_title", "document_text"], "type": "best_fields", "tie_breaker": 0.3 } },
                  "filter": [ { "term": { "kind": { "value": "chunk" } } }, { "terms": { "tags": ["notes"] } } ]
                }
              },
              "_source": { "excludes": ["vector", "document_text"] }
            }
            """, search.Body);
    }

    [Fact]
    public async Task TheDenseLegIsATopLevelKnnWithTheFiltersAppliedDuringTheSearchAndCandidatesNeverBelowK()
    {
        using var store = new StandInStore(MiniLm, new ElasticsearchOptions { IndexAlias = "chunks", NumCandidates = 100 });
        using var snapshot = store.Searcher.AcquireSnapshot();
        await snapshot.SearchDenseAsync(new float[] { 0.25f, -0.5f, 1f }, 5, new SearchFilter { ContentTypes = ["text/markdown"] }, default);
        await snapshot.SearchDenseAsync(OneDimension, 500, SearchFilter.None, default);

        var searches = store.Cluster.Requests.Where(r => r.Path[^1] == "_search").ToList();
        AssertJson("""
            {
              "size": 5,
              "knn": [ {
                "field": "vector",
                "query_vector": [0.25, -0.5, 1],
                "k": 5,
                "num_candidates": 100,
                "filter": [ { "term": { "kind": { "value": "chunk" } } }, { "terms": { "content_type": ["text/markdown"] } } ]
              } ],
              "_source": { "excludes": ["vector", "document_text"] }
            }
            """, NormaliseKnn(searches[0].Body));
        Assert.Equal(500, JsonNode.Parse(NormaliseKnn(searches[1].Body))!["knn"]![0]!["num_candidates"]!.GetValue<int>());
    }

    [Fact]
    public async Task EveryFilterConditionBecomesItsClauseAndAllMustHold()
    {
        var filter = new SearchFilter
        {
            AnyTags = ["red", "blue"],
            AllTags = ["team", "public"],
            ContentTypes = ["text/html"],
            DocumentIdPrefix = "notes/",
            UpdatedAfter = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000),
        };
        using var snapshot = _store.Searcher.AcquireSnapshot();
        await snapshot.SearchLexicalAsync("q", 1, filter, default);

        var body = JsonNode.Parse(_store.Cluster.Requests.Single(r => r.Path[^1] == "_search").Body)!;
        AssertJson("""
            [
              { "term": { "kind": { "value": "chunk" } } },
              { "terms": { "tags": ["red", "blue"] } },
              { "term": { "tags": { "value": "team" } } },
              { "term": { "tags": { "value": "public" } } },
              { "terms": { "content_type": ["text/html"] } },
              { "prefix": { "document_id": { "value": "notes/" } } },
              { "range": { "updated": { "gt": 1767225600000 } } }
            ]
            """, body["query"]!["bool"]!["filter"]!.ToJsonString());
    }

    [Fact]
    public async Task ACallersReaderTermsAreOneTermsFilterInBothLegsAndTheStandInAdmitsOnlyTheirDocuments()
    {
        await _store.Writer.ApplyAsync(new ReplaceDocument("open", 1, "Title", "text/plain", [], MiniLm.ModelId, [new IndexedChunk("open#0", 0, "rank fusion", 0, 11, new float[] { 0.5f, -0.25f })]) { Readers = [ReaderTerms.Public] }, default);
        await _store.Writer.ApplyAsync(new ReplaceDocument("secret", 1, "Title", "text/plain", [], MiniLm.ModelId, [new IndexedChunk("secret#0", 0, "rank fusion", 0, 11, new float[] { 0.5f, -0.25f })]) { Readers = ["group:finance"] }, default);
        // Every chunk and the manifest carry the readers.
        Assert.Contains(_store.Cluster.Requests, r => r.Path[^1] == "_bulk" && r.Body.Contains("\"readers\":[\"group:finance\"]", StringComparison.Ordinal));
        _store.Cluster.Requests.Clear();
        var caller = new SearchFilter { Readers = [ReaderTerms.Public, "user:carol", "group:sales"] };

        using var snapshot = _store.Searcher.AcquireSnapshot();
        var lexical = await snapshot.SearchLexicalAsync("rank fusion", 10, caller, default);
        var dense = await snapshot.SearchDenseAsync(new float[] { 0.5f, -0.25f }, 10, caller, default);

        Assert.Equal(["open"], lexical.Select(h => h.DocumentId));
        Assert.Equal(["open"], dense.Select(h => h.DocumentId));
        var searches = _store.Cluster.Requests.Where(r => r.Path[^1] == "_search").Select(r => JsonNode.Parse(NormaliseKnn(r.Body))!).ToList();
        const string Expected = """[ { "term": { "kind": { "value": "chunk" } } }, { "terms": { "readers": ["public", "user:carol", "group:sales"] } } ]""";
        AssertJson(Expected, searches[0]["query"]!["bool"]!["filter"]!.ToJsonString());
        AssertJson(Expected, searches[1]["knn"]![0]!["filter"]!.ToJsonString());
    }

    [Fact]
    public async Task ManifestsAreLookedUpByIdInOneMultiGetAsOfTheLastRefresh()
    {
        using var snapshot = _store.Searcher.AcquireSnapshot();
        await snapshot.IndexedVersionsAsync(["a", "notes/b"], default);

        var mget = _store.Cluster.Requests.Single(r => r.Path[^1] == "_mget");
        Assert.Equal("/chunks/_mget?realtime=false", mget.Message.RequestUri!.PathAndQuery);
        AssertJson("""{ "ids": ["m:a", "m:notes/b"] }""", mget.Body);
    }

    [Fact]
    public async Task EveryChunkIsListedPageByPageInChunkIdOrder()
    {
        using var snapshot = _store.Searcher.AcquireSnapshot();
        await snapshot.AllChunksAsync(default);

        AssertJson("""
            { "size": 1000, "query": { "bool": { "filter": { "term": { "kind": { "value": "chunk" } } } } },
              "sort": { "chunk_id": { "order": "asc" } }, "_source": { "excludes": ["vector", "document_text"] } }
            """, _store.Cluster.Requests.Single(r => r.Path[^1] == "_search").Body);
    }

    [Fact]
    public void IdsOverElasticsearchsLimitAreHashedAndShortOnesKept()
    {
        Assert.Equal("c:doc@7#3", ElasticsearchSchema.ChunkDocumentId("doc", 7, 3));
        var longId = ElasticsearchSchema.ManifestId(new string('x', 600));
        Assert.StartsWith("h:", longId, StringComparison.Ordinal);
        Assert.True(longId.Length <= 66);
        Assert.NotEqual(longId, ElasticsearchSchema.ManifestId(new string('x', 601)));
    }

    private Task<WriteOutcome> Replace(string id, long version, int chunks) => _store.Writer.ApplyAsync(
        new ReplaceDocument(id, version, "Title", "text/plain", ["tag"], MiniLm.ModelId, [.. Enumerable.Range(0, chunks).Select(i => new IndexedChunk($"{id}@{version}#{i}", i, "Line one\nline \"two\"", 0, 4, new float[] { 0.5f, -0.25f }))]),
        default);

    /// <summary>The client writes a single kNN section as an object or an array; Elasticsearch takes both.</summary>
    private static string NormaliseKnn(string body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        if (json["knn"] is JsonObject single)
        {
            json["knn"] = new JsonArray(single.DeepClone());
        }

        return json.ToJsonString();
    }

    internal static void AssertJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected {JsonNode.Parse(expected)?.ToJsonString()}\nactual   {actual}");
}
