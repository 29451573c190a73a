using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestion.Core.Indexing;
using Ingestion.Core.Indexing.Elasticsearch;

namespace Ingestion.Core.Tests.Indexing.Elasticsearch;

/// <summary>
/// The JSON the store sends and reads, checked against the shapes Elasticsearch 8.x documents for index creation
/// (dense_vector with int8_hnsw), the bulk API's NDJSON and response, the search API's query and top-level knn
/// sections, and its error responses.
/// </summary>
public sealed class ElasticsearchWireFormatTests
{
    private static readonly EmbeddingModelInfo Model = new("use-lite-en-0.2.0", 512);

    [Fact]
    public void IndexCreationMapsEveryFieldExplicitlyWithAnInt8HnswCosineVectorAndTheModelInMeta()
    {
        var body = ElasticsearchSchema.CreateIndexBody("ingestion-chunks", Model, shards: 1, replicas: 0);

        AssertJson("""
            {
              "settings": { "number_of_shards": 1, "number_of_replicas": 0 },
              "aliases": { "ingestion-chunks": { "is_write_index": true } },
              "mappings": {
                "dynamic": "strict",
                "_meta": { "embedding_model": "use-lite-en-0.2.0", "embedding_dimension": 512 },
                "properties": {
                  "kind": { "type": "keyword" },
                  "document_id": { "type": "keyword" },
                  "version": { "type": "long" },
                  "chunk_id": { "type": "keyword" },
                  "ordinal": { "type": "integer" },
                  "title": { "type": "text", "analyzer": "english" },
                  "text": { "type": "text", "analyzer": "english" },
                  "start_offset": { "type": "integer", "index": false },
                  "end_offset": { "type": "integer", "index": false },
                  "page": { "type": "integer", "index": false },
                  "tags": { "type": "keyword" },
                  "content_type": { "type": "keyword" },
                  "updated": { "type": "long" },
                  "vector": { "type": "dense_vector", "dims": 512, "index": true, "similarity": "cosine", "index_options": { "type": "int8_hnsw" } },
                  "deleted": { "type": "boolean" },
                  "chunk_count": { "type": "integer", "index": false },
                  "previous_version": { "type": "long", "index": false },
                  "previous_chunk_count": { "type": "integer", "index": false }
                }
              }
            }
            """, body);
    }

    [Fact]
    public void AVersionedIndexNameIsLowercaseAndCarriesTheModelAndTime()
    {
        var name = ElasticsearchSchema.NewIndexName("ingestion-chunks", new EmbeddingModelInfo("USE-Lite/en 0.2", 512), new DateTimeOffset(2026, 11, 24, 21, 5, 9, TimeSpan.Zero));

        Assert.Equal("ingestion-chunks-use-lite-en-0-2-20261124210509", name);
    }

    [Fact]
    public void BulkIsNdjsonOfActionLinesAndSourceLinesEndingInANewline()
    {
        var index = BulkOperation.Index("c:doc@2#0", new StoredSource { DocumentId = "doc", Version = 2, ChunkId = "doc@2#0", Ordinal = 0, Text = "Line one\nline \"two\"", Tags = ["a"], Vector = [0.5f, -0.25f] });
        var delete = BulkOperation.Delete("c:doc@1#0");

        var body = ElasticsearchBulk.Lines("chunks-v1", index) + ElasticsearchBulk.Lines("chunks-v1", delete);

        Assert.EndsWith("\n", body, StringComparison.Ordinal);
        var lines = body.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        AssertJson("""{ "index": { "_index": "chunks-v1", "_id": "c:doc@2#0" } }""", JsonNode.Parse(lines[0]));
        AssertJson("""
            { "kind": "chunk", "document_id": "doc", "version": 2, "chunk_id": "doc@2#0", "ordinal": 0,
              "text": "Line one\nline \"two\"", "tags": ["a"], "vector": [0.5, -0.25] }
            """, JsonNode.Parse(lines[1]));
        AssertJson("""{ "delete": { "_index": "chunks-v1", "_id": "c:doc@1#0" } }""", JsonNode.Parse(lines[2]));
    }

    [Fact]
    public void BulkRequestsAreCutWithinTheirByteAndItemBoundsInOrder()
    {
        var operations = Enumerable.Range(0, 25).Select(i => BulkOperation.Delete($"c:doc@1#{i}")).ToList();
        var oneLine = System.Text.Encoding.UTF8.GetByteCount(ElasticsearchBulk.Lines("i", operations[10]));

        var byItems = ElasticsearchBulk.Requests("i", operations, maxBytes: 1_000_000, maxItems: 10).ToList();
        var byBytes = ElasticsearchBulk.Requests("i", operations, maxBytes: (oneLine * 4) + 1, maxItems: 1000).ToList();

        Assert.Equal([10, 10, 5], byItems.Select(r => r.Operations.Count));
        Assert.All(byBytes, r => Assert.True(System.Text.Encoding.UTF8.GetByteCount(r.Body) <= (oneLine * 4) + 1));
        Assert.Equal(operations, byBytes.SelectMany(r => r.Operations));
    }

    [Fact]
    public void TheBm25LegIsAMultiMatchOverTitleAndTextWithTheFiltersAsFilterClauses()
    {
        var body = ElasticsearchQueries.Lexical("rank fusion", 10, new SearchFilter { AnyTags = ["notes"] });

        AssertJson("""
            {
              "size": 10,
              "query": {
                "bool": {
                  "must": [ { "multi_match": { "query": "rank fusion", "fields": ["title", "text"], "type": "best_fields", "tie_breaker": 0.3 } } ],
                  "filter": [ { "term": { "kind": "chunk" } }, { "terms": { "tags": ["notes"] } } ]
                }
              },
              "_source": { "excludes": ["vector"] }
            }
            """, body);
    }

    [Fact]
    public void TheDenseLegIsATopLevelKnnWithTheFiltersAppliedDuringTheSearch()
    {
        var body = ElasticsearchQueries.Knn([0.25f, -0.5f, 1f], 5, 100, new SearchFilter { ContentTypes = ["text/markdown"] });

        AssertJson("""
            {
              "size": 5,
              "knn": {
                "field": "vector",
                "query_vector": [0.25, -0.5, 1],
                "k": 5,
                "num_candidates": 100,
                "filter": [ { "term": { "kind": "chunk" } }, { "terms": { "content_type": ["text/markdown"] } } ]
              },
              "_source": { "excludes": ["vector"] }
            }
            """, body);
    }

    [Fact]
    public void NumCandidatesIsNeverBelowK()
    {
        var body = ElasticsearchQueries.Knn([1f], 500, 100, SearchFilter.None);

        Assert.Equal(500, body["knn"]!["num_candidates"]!.GetValue<int>());
    }

    [Fact]
    public void EveryFilterConditionBecomesItsClauseAndAllMustHold()
    {
        var filter = new SearchFilter
        {
            AnyTags = ["red", "blue"],
            AllTags = ["team", "public"],
            ContentTypes = ["text/html"],
            DocumentIdPrefix = "notes/",
            UpdatedAfter = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000),
        };

        AssertJson("""
            [
              { "term": { "kind": "chunk" } },
              { "terms": { "tags": ["red", "blue"] } },
              { "term": { "tags": "team" } },
              { "term": { "tags": "public" } },
              { "terms": { "content_type": ["text/html"] } },
              { "prefix": { "document_id": "notes/" } },
              { "range": { "updated": { "gt": 1767225600000 } } }
            ]
            """, ElasticsearchQueries.Filters(filter));
    }

    [Fact]
    public void ManifestsAreLookedUpByIdInOneMultiGet()
    {
        AssertJson("""{ "ids": ["m:a", "m:notes/b"] }""", ElasticsearchQueries.Manifests(["a", "notes/b"]));
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

    [Fact]
    public void ABulkResponseWithPartialFailuresSortsItemsIntoDoneRetryAndFailed()
    {
        // The documented response of a bulk with failed actions (two updates of missing documents, one create),
        // with two items of our own: a delete of a missing id (done) and an index refused while the cluster was busy.
        const string response = """
            {
              "took": 486,
              "errors": true,
              "items": [
                { "update": { "_index": "index1", "_id": "5", "status": 404,
                    "error": { "type": "document_missing_exception", "reason": "[5]: document missing", "index_uuid": "aAsFqTI0Tc2W0LCWgPNrOA", "shard": "0", "index": "index1" } } },
                { "update": { "_index": "index1", "_id": "6", "status": 404,
                    "error": { "type": "document_missing_exception", "reason": "[6]: document missing", "index_uuid": "aAsFqTI0Tc2W0LCWgPNrOA", "shard": "0", "index": "index1" } } },
                { "create": { "_index": "index1", "_id": "7", "_version": 1, "result": "created",
                    "_shards": { "total": 2, "successful": 1, "failed": 0 }, "_seq_no": 0, "_primary_term": 1, "status": 201 } },
                { "delete": { "_index": "index1", "_id": "8", "_version": 1, "result": "not_found",
                    "_shards": { "total": 2, "successful": 1, "failed": 0 }, "_seq_no": 1, "_primary_term": 1, "status": 404 } },
                { "index": { "_index": "index1", "_id": "9", "status": 429,
                    "error": { "type": "es_rejected_execution_exception", "reason": "rejected execution of primary operation" } } }
              ]
            }
            """;
        var source = new StoredSource { DocumentId = "d" };
        BulkOperation[] sent =
        [
            BulkOperation.Index("5", source), BulkOperation.Index("6", source), BulkOperation.Index("7", source),
            BulkOperation.Delete("8"), BulkOperation.Index("9", source),
        ];

        var outcome = ElasticsearchBulk.Classify(JsonSerializer.Deserialize(response, ElasticsearchJson.Default.BulkResponseBody)!, sent);

        Assert.Equal(["9"], outcome.Retry.Select(o => o.Id));
        Assert.Equal(2, outcome.Failed.Count);
        Assert.Contains("document_missing_exception: [5]: document missing", outcome.Failed[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":{"root_cause":[{"type":"version_conflict_engine_exception","reason":"[m:doc]: version conflict, required seqNo [362], primary term [2]. current document has seqNo [363] and primary term [2]","index_uuid":"x","shard":"0","index":"chunks"}],"type":"version_conflict_engine_exception","reason":"[m:doc]: version conflict, required seqNo [362], primary term [2]. current document has seqNo [363] and primary term [2]","index_uuid":"x","shard":"0","index":"chunks"},"status":409}""", "version_conflict_engine_exception")]
    [InlineData("""{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1048576, max_coordinating_and_primary_bytes=0]"}],"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"},"status":429}""", "es_rejected_execution_exception")]
    [InlineData("""{"error":{"root_cause":[{"type":"document_parsing_exception","reason":"[1:140] failed to parse: The [dense_vector] field [vector] in doc [document with id 'c:doc@1#0'] has a different number of dimensions [3] than defined in the mapping [512]"}],"type":"document_parsing_exception","reason":"[1:140] failed to parse: The [dense_vector] field [vector] in doc [document with id 'c:doc@1#0'] has a different number of dimensions [3] than defined in the mapping [512]","caused_by":{"type":"illegal_argument_exception","reason":"The [dense_vector] field [vector] in doc [document with id 'c:doc@1#0'] has a different number of dimensions [3] than defined in the mapping [512]"}},"status":400}""", "document_parsing_exception")]
    [InlineData("""{"error":{"root_cause":[{"type":"mapper_parsing_exception","reason":"Failed to parse mapping: Unknown vector index options type [int9_hnsw] for field [vector]"}],"type":"mapper_parsing_exception","reason":"Failed to parse mapping: Unknown vector index options type [int9_hnsw] for field [vector]"},"status":400}""", "mapper_parsing_exception")]
    public void ErrorResponsesAreReadForTheirTypeAndReason(string body, string type)
    {
        var error = ElasticsearchClient.ParseError(body);

        Assert.Equal(type, error.Type);
        Assert.False(string.IsNullOrEmpty(error.Reason));
    }

    [Fact]
    public void AnErrorBodyThatIsNotElasticsearchsIsQuotedAsItIs()
    {
        var error = ElasticsearchClient.ParseError("<html>502 Bad Gateway</html>");

        Assert.Null(error.Type);
        Assert.Equal("<html>502 Bad Gateway</html>", error.Reason);
    }

    [Fact]
    public void ASearchResponseIsReadIntoHitsWithTheirSource()
    {
        const string response = """
            {
              "took": 5, "timed_out": false,
              "_shards": { "total": 1, "successful": 1, "skipped": 0, "failed": 0 },
              "hits": {
                "total": { "value": 1, "relation": "eq" }, "max_score": 1.3862942,
                "hits": [
                  { "_index": "ingestion-chunks-use-lite-20261124", "_id": "c:notes/a@3#1", "_score": 1.3862942,
                    "_source": { "kind": "chunk", "document_id": "notes/a", "version": 3, "chunk_id": "notes/a@3#1", "ordinal": 1,
                      "title": "A", "text": "Fusion text.", "start_offset": 120, "end_offset": 132, "page": 2,
                      "tags": ["notes"], "content_type": "text/markdown", "updated": 1767225600000 } }
                ]
              }
            }
            """;

        var hit = Assert.Single(JsonSerializer.Deserialize(response, ElasticsearchJson.Default.SearchResponseBody)!.Hits.Hits);

        Assert.Equal("c:notes/a@3#1", hit.Id);
        Assert.Equal(1.3862942, hit.Score);
        Assert.Equal(("notes/a", 3L, "notes/a@3#1", 1, 120, 132, 2), (hit.Source.DocumentId, hit.Source.Version, hit.Source.ChunkId, hit.Source.Ordinal, hit.Source.StartOffset, hit.Source.EndOffset, hit.Source.Page));
        Assert.Equal(["notes"], hit.Source.Tags!);
    }

    [Fact]
    public void GetAndMultiGetResponsesCarryTheSequenceNumberAndWhetherTheDocumentWasFound()
    {
        const string response = """
            { "docs": [
                { "_index": "chunks", "_id": "m:a", "_version": 4, "_seq_no": 10, "_primary_term": 1, "found": true,
                  "_source": { "kind": "manifest", "document_id": "a", "version": 4, "deleted": false, "chunk_count": 2, "previous_version": 3, "previous_chunk_count": 5 } },
                { "_index": "chunks", "_id": "m:b", "found": false }
            ] }
            """;

        var docs = JsonSerializer.Deserialize(response, ElasticsearchJson.Default.MultiGetResponseBody)!.Docs;

        Assert.True(docs[0].Found);
        Assert.Equal((10L, 1L), (docs[0].SeqNo!.Value, docs[0].PrimaryTerm!.Value));
        Assert.Equal((4L, 2, 3L, 5), (docs[0].Source!.Version, docs[0].Source!.ChunkCount!.Value, docs[0].Source!.PreviousVersion!.Value, docs[0].Source!.PreviousChunkCount!.Value));
        Assert.False(docs[1].Found);
        Assert.Null(docs[1].Source);
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {JsonNode.Parse(expected)?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
}
