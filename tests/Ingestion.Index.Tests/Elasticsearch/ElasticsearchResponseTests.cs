using System.Net;
using Elastic.Clients.Elasticsearch;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Elasticsearch;
using Microsoft.Extensions.Options;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// Documented Elasticsearch responses, as the client receives them, and what the store makes of them: a bulk
/// response with partial failures, a 409 on a compare-and-set, a 429, mapping and parsing errors, search and
/// multi-get bodies, and an error page from a proxy in front of the cluster.
/// </summary>
public sealed class ElasticsearchResponseTests
{
    private static readonly EmbeddingModelInfo Model = new("all-MiniLM-L6-v2", 384);
    private static readonly IOptions<ElasticsearchOptions> Settings = Options.Create(new ElasticsearchOptions { IndexAlias = "chunks", ItemRetries = 0 });

    [Fact]
    public async Task ABulkResponseWithPartialFailuresSortsItemsIntoDoneRetryAndRefused()
    {
        // The documented response of a bulk with failed actions, with items of our own: a delete of a missing id (done),
        // an index refused while the cluster was busy (retry) and one refused by the mapping (refused: 400, for good).
        var cluster = new CannedCluster().Answer(HttpStatusCode.OK, """
            {
              "took": 486,
              "errors": true,
              "items": [
                { "index": { "_index": "chunks-v1", "_id": "5", "status": 400,
                    "error": { "type": "document_parsing_exception", "reason": "[1:140] failed to parse: The [dense_vector] field [vector] in doc [document with id '5'] has a different number of dimensions [3] than defined in the mapping [384]",
                               "caused_by": { "type": "illegal_argument_exception", "reason": "The [dense_vector] field [vector] has a different number of dimensions [3] than defined in the mapping [384]" } } } },
                { "index": { "_index": "chunks-v1", "_id": "7", "_version": 1, "result": "created",
                    "_shards": { "total": 2, "successful": 1, "failed": 0 }, "_seq_no": 0, "_primary_term": 1, "status": 201 } },
                { "delete": { "_index": "chunks-v1", "_id": "8", "_version": 1, "result": "not_found",
                    "_shards": { "total": 2, "successful": 1, "failed": 0 }, "_seq_no": 1, "_primary_term": 1, "status": 404 } },
                { "index": { "_index": "chunks-v1", "_id": "9", "status": 429,
                    "error": { "type": "es_rejected_execution_exception", "reason": "rejected execution of primary operation" } } }
              ]
            }
            """);
        var client = Client(cluster);
        var source = new StoredSource { DocumentId = "d" };
        BulkOperation[] sent = [BulkOperation.Index("5", source), BulkOperation.Index("7", source), BulkOperation.Delete("8"), BulkOperation.Index("9", source)];

        var outcome = ElasticsearchBulk.Classify(await client.BulkAsync(ElasticsearchBulk.Request("chunks-v1", sent)), sent);

        Assert.Equal(["9"], outcome.Retry.Select(o => o.Id));
        Assert.Empty(outcome.Failed);
        var refused = Assert.Single(outcome.Refused);
        Assert.Contains("index 5: document_parsing_exception", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ItemsStillRefusedAfterTheRetriesFailTheWriteWith429()
    {
        var cluster = new CannedCluster().Answer(HttpStatusCode.OK, """
            { "took": 3, "errors": true, "items": [ { "index": { "_index": "i", "_id": "c", "status": 429,
                "error": { "type": "es_rejected_execution_exception", "reason": "rejected execution of primary operation" } } } ] }
            """);
        var bulk = new ElasticsearchBulk(Client(cluster), Settings);

        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => bulk.SendAsync("i", [BulkOperation.Index("c", new StoredSource { DocumentId = "d" })], default));

        Assert.Equal(429, refused.Status);
    }

    [Fact]
    public async Task A409OnTheManifestWriteMakesTheWriterReadAgainAndFindItselfStale()
    {
        var cluster = new CannedCluster()
            .Answer(HttpStatusCode.OK, """{ "chunks-v1": { "aliases": { "chunks": { "is_write_index": true } } } }""")
            .Answer(HttpStatusCode.OK, """{ "chunks-v1": { "mappings": { "_meta": { "embedding_model": "all-MiniLM-L6-v2", "embedding_dimension": 384 } } } }""")
            .Answer(HttpStatusCode.OK, """{ "chunks-v1": { "mappings": { "_meta": { "embedding_model": "all-MiniLM-L6-v2", "embedding_dimension": 384 } } } }""")
            .Answer(HttpStatusCode.OK, """{ "acknowledged": true }""")
            .Answer(HttpStatusCode.OK, """{ "_index": "chunks-v1", "_id": "m:doc", "_version": 3, "_seq_no": 362, "_primary_term": 2, "found": true, "_source": { "kind": "manifest", "document_id": "doc", "version": 1, "chunk_count": 0 } }""")
            .Answer(HttpStatusCode.OK, """{ "took": 2, "errors": false, "items": [ { "index": { "_index": "chunks-v1", "_id": "c:doc@2#0", "status": 201, "result": "created" } } ] }""")
            .Answer(HttpStatusCode.Conflict, """{"error":{"root_cause":[{"type":"version_conflict_engine_exception","reason":"[m:doc]: version conflict, required seqNo [362], primary term [2]. current document has seqNo [363] and primary term [2]","index_uuid":"x","shard":"0","index":"chunks-v1"}],"type":"version_conflict_engine_exception","reason":"[m:doc]: version conflict, required seqNo [362], primary term [2]. current document has seqNo [363] and primary term [2]","index_uuid":"x","shard":"0","index":"chunks-v1"},"status":409}""")
            .Answer(HttpStatusCode.OK, """{ "_index": "chunks-v1", "_id": "m:doc", "_version": 4, "_seq_no": 363, "_primary_term": 2, "found": true, "_source": { "kind": "manifest", "document_id": "doc", "version": 9, "chunk_count": 0 } }""")
            .Answer(HttpStatusCode.OK, """{ "took": 2, "errors": false, "items": [ { "delete": { "_index": "chunks-v1", "_id": "c:doc@2#0", "status": 200, "result": "deleted" } } ] }""");
        var client = Client(cluster);
        using var index = new ElasticsearchIndex(client, Settings, Model, TimeProvider.System);
        var writer = new ElasticsearchChunkIndexWriter(client, index, new ElasticsearchBulk(client, Settings), Model);

        var outcome = await writer.ApplyAsync(new ReplaceDocument("doc", 2, "T", "text/plain", [], Model.ModelId, [new IndexedChunk("doc@2#0", 0, "t", 0, 1, new float[384])]), default);

        Assert.Equal(WriteOutcome.Stale, outcome);
        Assert.Equal(9, cluster.Requests.Count);
    }

    [Fact]
    public async Task ASearchRefusedWith429ThrowsWithTheStatusAndTheErrorType()
    {
        var cluster = new CannedCluster()
            .Answer(HttpStatusCode.OK, """{ "chunks-v1": { "aliases": { "chunks": { "is_write_index": true } } } }""")
            .Answer(HttpStatusCode.OK, """{ "chunks-v1": { "mappings": { "_meta": { "embedding_model": "all-MiniLM-L6-v2", "embedding_dimension": 384 } } } }""")
            .Answer(HttpStatusCode.TooManyRequests, """{"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"}],"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"},"status":429}""");
        using var snapshot = Searcher(cluster).AcquireSnapshot();

        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => snapshot.SearchLexicalAsync("q", 10, SearchFilter.None, default));

        Assert.Equal((429, "es_rejected_execution_exception"), (refused.Status, refused.ErrorType));
        Assert.Contains("rejected execution of coordinating operation", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMappingTheClusterRefusesFailsIndexCreationNamingTheReason()
    {
        var cluster = new CannedCluster()
            .Answer(HttpStatusCode.NotFound, """{"error":"alias [chunks] missing","status":404}""")
            .Answer(HttpStatusCode.BadRequest, """{"error":{"root_cause":[{"type":"mapper_parsing_exception","reason":"Failed to parse mapping: Unknown vector index options type [bbq_hnsw] for field [vector]"}],"type":"mapper_parsing_exception","reason":"Failed to parse mapping: Unknown vector index options type [bbq_hnsw] for field [vector]"},"status":400}""")
            .Answer(HttpStatusCode.NotFound, """{"error":"alias [chunks] missing","status":404}""");
        using var index = new ElasticsearchIndex(Client(cluster), Settings, Model, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => index.NameAsync(default));

        Assert.Equal((400, "mapper_parsing_exception"), (refused.Status, refused.ErrorType));
        Assert.Contains("Unknown vector index options type [bbq_hnsw]", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnErrorPageFromAProxyIsReportedWithItsStatus()
    {
        var cluster = new CannedCluster().Answer(HttpStatusCode.BadGateway, "<html>502 Bad Gateway</html>");
        using var index = new ElasticsearchIndex(Client(cluster), Settings, Model, TimeProvider.System);

        var refused = await Assert.ThrowsAsync<ElasticsearchException>(() => index.NameAsync(default));

        Assert.Equal(502, refused.Status);
    }

    [Fact]
    public async Task ASearchResponseIsReadIntoHitsCheckedAgainstTheirManifestsWithCosineScores()
    {
        var cluster = new CannedCluster()
            .Answer(HttpStatusCode.OK, """{ "chunks-v1": { "aliases": { "chunks": { "is_write_index": true } } } }""")
            .Answer(HttpStatusCode.OK, """{ "chunks-v1": { "mappings": { "_meta": { "embedding_model": "all-MiniLM-L6-v2", "embedding_dimension": 384 } } } }""")
            .Answer(HttpStatusCode.OK, """
                {
                  "took": 5, "timed_out": false,
                  "_shards": { "total": 1, "successful": 1, "skipped": 0, "failed": 0 },
                  "hits": {
                    "total": { "value": 2, "relation": "eq" }, "max_score": 0.99695,
                    "hits": [
                      { "_index": "chunks-v1", "_id": "c:notes/a@3#1", "_score": 0.99695,
                        "_source": { "kind": "chunk", "document_id": "notes/a", "version": 3, "chunk_id": "notes/a@3#1", "ordinal": 1,
                          "title": "A", "text": "Fusion text.", "start_offset": 120, "end_offset": 132, "page": 2, "context": "Guide › Fusion",
                          "tags": ["notes"], "content_type": "text/markdown", "updated": 1767225600000 } },
                      { "_index": "chunks-v1", "_id": "c:notes/a@2#0", "_score": 0.9,
                        "_source": { "kind": "chunk", "document_id": "notes/a", "version": 2, "chunk_id": "notes/a@2#0", "ordinal": 0, "text": "Old." } }
                    ]
                  }
                }
                """)
            .Answer(HttpStatusCode.OK, """
                { "docs": [ { "_index": "chunks-v1", "_id": "m:notes/a", "_version": 4, "_seq_no": 10, "_primary_term": 1, "found": true,
                  "_source": { "kind": "manifest", "document_id": "notes/a", "version": 3, "deleted": false, "chunk_count": 2, "previous_version": 2, "previous_chunk_count": 1 } } ] }
                """);
        using var snapshot = Searcher(cluster).AcquireSnapshot();

        var hit = Assert.Single(await snapshot.SearchDenseAsync(new float[384], 10, SearchFilter.None, default));

        Assert.Equal(("notes/a@3#1", "notes/a", 3L, "A", "Fusion text.", 1, 120, 132, 2), (hit.ChunkId, hit.DocumentId, hit.Version, hit.Title, hit.Text, hit.Ordinal, hit.StartOffset, hit.EndOffset, hit.Page));
        Assert.Equal("Guide › Fusion", hit.Context);
        Assert.Equal(0.9939, hit.Score, 3);
    }

    private static ElasticsearchClient Client(CannedCluster cluster) =>
        ElasticsearchClients.Create(new ElasticsearchConnection(new Uri("http://cluster.invalid:9200"), null), _ => cluster);

    private static ElasticsearchChunkIndexReader Searcher(CannedCluster cluster)
    {
        var client = Client(cluster);
        return new ElasticsearchChunkIndexReader(client, new ElasticsearchIndex(client, Settings, Model, TimeProvider.System), Settings);
    }
}
