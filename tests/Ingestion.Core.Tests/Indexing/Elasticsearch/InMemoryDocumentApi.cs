using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingestion.Core.Tests.Indexing.Elasticsearch;

/// <summary>
/// A stand-in for the document APIs of one Elasticsearch index (no cluster can be installed here): alias and
/// mapping lookups, index creation, real-time GET, create and compare-and-set PUT with sequence numbers, and bulk
/// index/delete, with the documented status codes and bodies. It does not search; the contract suite runs the
/// real thing when <c>ELASTICSEARCH_URL</c> is set. Tests can refuse bulk items and interfere before a write.
/// </summary>
internal sealed class InMemoryDocumentApi : HttpMessageHandler
{
    private readonly Dictionary<string, (JsonObject Source, long SeqNo)> _documents = new(StringComparer.Ordinal);
    private long _seqNo;

    public string? Index { get; private set; }

    public string Alias { get; set; } = "chunks";

    public JsonObject? Meta { get; private set; }

    /// <summary>Ids whose next bulk item is refused with 429, once each.</summary>
    public HashSet<string> RefuseOnce { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs before each compare-and-set of a manifest: another writer's change arriving first.</summary>
    public Action<InMemoryDocumentApi, string>? BeforeCompareAndSet { get; set; }

    public List<string> BulkBodies { get; } = [];

    public IReadOnlyCollection<string> Ids => _documents.Keys;

    public JsonObject? Source(string id) => _documents.TryGetValue(id, out var document) ? document.Source : null;

    public void Put(string id, JsonObject source) => _documents[id] = (source, ++_seqNo);

    public void CreateIndex(string name, JsonObject meta)
    {
        Index = name;
        Meta = meta;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.TrimStart('/');
        var query = request.RequestUri.Query;
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var segments = path.Split('/').Select(Uri.UnescapeDataString).ToArray();
        return (request.Method.Method, segments) switch
        {
            ("GET", ["_alias", var alias]) => Index is not null && alias == Alias
                ? Json(HttpStatusCode.OK, new JsonObject { [Index] = new JsonObject { ["aliases"] = new JsonObject { [Alias] = new JsonObject() } } })
                : Json(HttpStatusCode.NotFound, new JsonObject { ["error"] = $"alias [{alias}] missing", ["status"] = 404 }),
            ("PUT", [var index]) => Create(index, JsonNode.Parse(body)!.AsObject()),
            ("GET", [var index, "_mapping"]) => Json(HttpStatusCode.OK, new JsonObject { [index] = new JsonObject { ["mappings"] = new JsonObject { ["_meta"] = Meta?.DeepClone() } } }),
            ("GET", [_, "_doc", var id]) => Get(id),
            ("PUT", [_, "_create", var id]) => Write(id, body, expectedSeqNo: null),
            ("PUT", [_, "_doc", var id]) => Write(id, body, expectedSeqNo: long.Parse(System.Web.HttpUtility.ParseQueryString(query)["if_seq_no"]!, System.Globalization.CultureInfo.InvariantCulture)),
            ("POST", ["_bulk"]) => Bulk(body),
            _ => Json(HttpStatusCode.BadRequest, new JsonObject { ["error"] = new JsonObject { ["type"] = "unsupported_by_stand_in", ["reason"] = $"{request.Method} {path}" }, ["status"] = 400 }),
        };
    }

    private HttpResponseMessage Create(string index, JsonObject body)
    {
        if (Index is not null)
        {
            return Json(HttpStatusCode.BadRequest, Error("resource_already_exists_exception", $"index [{index}] already exists", 400));
        }

        Alias = body["aliases"]!.AsObject().Single().Key;
        CreateIndex(index, body["mappings"]!["_meta"]!.DeepClone().AsObject());
        return Json(HttpStatusCode.OK, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index });
    }

    private HttpResponseMessage Get(string id) => _documents.TryGetValue(id, out var document)
        ? Json(HttpStatusCode.OK, new JsonObject { ["_index"] = Index, ["_id"] = id, ["_seq_no"] = document.SeqNo, ["_primary_term"] = 1, ["found"] = true, ["_source"] = document.Source.DeepClone() })
        : Json(HttpStatusCode.NotFound, new JsonObject { ["_index"] = Index, ["_id"] = id, ["found"] = false });

    private HttpResponseMessage Write(string id, string body, long? expectedSeqNo)
    {
        BeforeCompareAndSet?.Invoke(this, id);
        var exists = _documents.TryGetValue(id, out var current);
        if ((expectedSeqNo is null && exists) || (expectedSeqNo is { } expected && (!exists || current.SeqNo != expected)))
        {
            return Json(HttpStatusCode.Conflict, Error("version_conflict_engine_exception", $"[{id}]: version conflict", 409));
        }

        Put(id, JsonNode.Parse(body)!.AsObject());
        return Json(exists ? HttpStatusCode.OK : HttpStatusCode.Created, new JsonObject { ["_index"] = Index, ["_id"] = id, ["result"] = exists ? "updated" : "created", ["_seq_no"] = _seqNo, ["_primary_term"] = 1 });
    }

    private HttpResponseMessage Bulk(string body)
    {
        BulkBodies.Add(body);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var action = JsonNode.Parse(lines[i])!.AsObject().Single();
            var id = action.Value!["_id"]!.GetValue<string>();
            if (RefuseOnce.Remove(id))
            {
                errors = true;
                items.Add(new JsonObject { [action.Key] = new JsonObject { ["_id"] = id, ["status"] = 429, ["error"] = new JsonObject { ["type"] = "es_rejected_execution_exception", ["reason"] = "rejected execution" } } });
                i += action.Key == "index" ? 1 : 0;
                continue;
            }

            int status;
            if (action.Key == "index")
            {
                Put(id, JsonNode.Parse(lines[++i])!.AsObject());
                status = 201;
            }
            else
            {
                status = _documents.Remove(id) ? 200 : 404;
            }

            items.Add(new JsonObject { [action.Key] = new JsonObject { ["_index"] = Index, ["_id"] = id, ["status"] = status, ["result"] = status == 404 ? "not_found" : "ok" } });
        }

        return Json(HttpStatusCode.OK, new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items });
    }

    private static JsonObject Error(string type, string reason, int status) =>
        new() { ["error"] = new JsonObject { ["root_cause"] = new JsonArray(new JsonObject { ["type"] = type, ["reason"] = reason }), ["type"] = type, ["reason"] = reason }, ["status"] = status };

    private static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
