using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// A stand-in for one Elasticsearch 9.x index, speaking to Elastic's client as the server does (gzip-compressed
/// request bodies read, the product header and the compatible media type on every answer; no cluster can be installed
/// here): alias, mapping and index creation; real-time GET and compare-and-set writes with sequence numbers; bulk
/// index and delete; multi-get; delete-by-query; and searches that apply the filter clauses and rank nothing (every
/// admitted chunk scores 1, in chunk-id order). Searches, multi-gets without <c>realtime</c> and delete-by-query read
/// the state as of the last refresh; <see cref="AutoRefresh"/> refreshes after every request, as a test of ordering
/// wants, or tests refresh by hand to see what a reader between refreshes sees.
/// </summary>
internal sealed class ElasticsearchStandIn : HttpMessageHandler
{
    private readonly Dictionary<string, (JsonObject Source, long SeqNo)> _documents = new(StringComparer.Ordinal);
    private Dictionary<string, JsonObject> _searchable = new(StringComparer.Ordinal);
    private long _seqNo;

    public string? Index { get; private set; }

    public string Alias { get; private set; } = "chunks";

    public JsonObject? Mappings { get; private set; }

    public bool AutoRefresh { get; set; } = true;

    /// <summary>Ids whose next bulk item is refused with 429, once each.</summary>
    public HashSet<string> RefuseOnce { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids whose bulk items are refused with 400 as Elasticsearch refuses a document it cannot parse (an immense term, say).</summary>
    public HashSet<string> RefuseAsInvalid { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs before each manifest write is judged: another writer's change arriving first.</summary>
    public Action<ElasticsearchStandIn, string>? BeforeManifestWrite { get; set; }

    /// <summary>Every request received, in order.</summary>
    public List<ClusterRequest> Requests { get; } = [];

    public IEnumerable<string> Ids => _documents.Keys.Order(StringComparer.Ordinal);

    public JsonObject? Source(string id) => _documents.TryGetValue(id, out var document) ? document.Source : null;

    public void Put(string id, JsonObject source)
    {
        _documents[id] = (source, ++_seqNo);
        RefreshIfAuto();
    }

    /// <summary>An index that exists before the store starts, as an older version of it (or another model) left it.</summary>
    public void CreateIndex(string name, string alias, JsonObject meta, JsonObject? properties = null)
    {
        (Index, Alias) = (name, alias);
        Mappings = new JsonObject { ["_meta"] = meta, ["properties"] = properties ?? [] };
    }

    public void Refresh() => _searchable = _documents.ToDictionary(d => d.Key, d => (JsonObject)d.Value.Source.DeepClone(), StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var read = await ClusterRequest.ReadAsync(request, cancellationToken);
        Requests.Add(read);
        var (status, body) = Handle(read);
        RefreshIfAuto();
        var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        response.Content.Headers.ContentType = ClusterRequest.AnswerMediaType(request);
        response.Headers.Add("X-Elastic-Product", "Elasticsearch");
        return response;
    }

    private (HttpStatusCode, JsonNode) Handle(ClusterRequest request) => (request.Method, request.Path) switch
    {
        ("GET", ["_alias", var alias]) => Index is not null && alias == Alias
            ? (HttpStatusCode.OK, new JsonObject { [Index] = new JsonObject { ["aliases"] = new JsonObject { [Alias] = new JsonObject { ["is_write_index"] = true } } } })
            : (HttpStatusCode.NotFound, new JsonObject { ["error"] = $"alias [{alias}] missing", ["status"] = 404 }),
        ("PUT", [var index]) => Create(index, JsonNode.Parse(request.Body)!.AsObject()),
        ("PUT" or "POST", [_, "_mapping"]) => AddFields(JsonNode.Parse(request.Body)!.AsObject()),
        ("GET", [var index, "_mapping"]) => (HttpStatusCode.OK, new JsonObject { [index] = new JsonObject { ["mappings"] = Mappings?.DeepClone() } }),
        ("GET", [_, "_doc", var id]) => Get(id),
        ("PUT" or "POST", [_, "_doc", var id]) => Write(id, request),
        ("POST" or "PUT", [_, "_bulk"]) => Bulk(request.Body),
        ("POST" or "GET", [_, "_mget"]) => MultiGet(JsonNode.Parse(request.Body)!["ids"]!.AsArray(), request.Query["realtime"] != "false"),
        ("POST" or "GET", [_, "_search"]) => Search(JsonNode.Parse(request.Body)!.AsObject()),
        ("POST", [_, "_delete_by_query"]) => DeleteByQuery(JsonNode.Parse(request.Body)!.AsObject()),
        ("POST", [_, "_refresh"]) => RefreshNow(),
        _ => (HttpStatusCode.BadRequest, Error("unsupported_by_stand_in", $"{request}", 400)),
    };

    /// <summary>As Elasticsearch adds fields to a mapping: new ones are added, existing ones must not change.</summary>
    private (HttpStatusCode, JsonNode) AddFields(JsonObject body)
    {
        var properties = Mappings!["properties"]!.AsObject();
        foreach (var (field, mapping) in body["properties"]!.AsObject())
        {
            if (properties[field] is { } existing && !JsonNode.DeepEquals(existing, mapping))
            {
                return (HttpStatusCode.BadRequest, Error("illegal_argument_exception", $"mapper [{field}] cannot be changed", 400));
            }

            properties[field] = mapping!.DeepClone();
        }

        return (HttpStatusCode.OK, new JsonObject { ["acknowledged"] = true });
    }

    private (HttpStatusCode, JsonNode) Create(string index, JsonObject body)
    {
        if (Index is not null)
        {
            return (HttpStatusCode.BadRequest, Error("resource_already_exists_exception", $"index [{index}/x] already exists", 400));
        }

        Index = index;
        Alias = body["aliases"]!.AsObject().Single().Key;
        Mappings = body["mappings"]!.DeepClone().AsObject();
        return (HttpStatusCode.OK, new JsonObject { ["acknowledged"] = true, ["shards_acknowledged"] = true, ["index"] = index });
    }

    private (HttpStatusCode, JsonNode) Get(string id) => _documents.TryGetValue(id, out var document)
        ? (HttpStatusCode.OK, Found(id, document.Source, document.SeqNo))
        : (HttpStatusCode.NotFound, new JsonObject { ["_index"] = Index, ["_id"] = id, ["found"] = false });

    private (HttpStatusCode, JsonNode) Write(string id, ClusterRequest request)
    {
        BeforeManifestWrite?.Invoke(this, id);
        var exists = _documents.TryGetValue(id, out var current);
        var create = request.Query["op_type"] == "create";
        var expected = request.Query["if_seq_no"] is { } seqNo ? long.Parse(seqNo, System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        if ((create && exists) || (expected is { } wanted && (!exists || current.SeqNo != wanted)))
        {
            return (HttpStatusCode.Conflict, Error("version_conflict_engine_exception", $"[{id}]: version conflict, required seqNo [{expected}]", 409));
        }

        _documents[id] = (JsonNode.Parse(request.Body)!.AsObject(), ++_seqNo);
        return (exists ? HttpStatusCode.OK : HttpStatusCode.Created, Written(id, exists ? "updated" : "created"));
    }

    private (HttpStatusCode, JsonNode) Bulk(string body)
    {
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        var errors = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var (action, meta) = JsonNode.Parse(lines[i])!.AsObject().Single();
            var id = meta!["_id"]!.GetValue<string>();
            var source = action == "index" ? JsonNode.Parse(lines[++i])!.AsObject() : null;
            if (RefuseOnce.Remove(id))
            {
                errors = true;
                items.Add(new JsonObject { [action] = new JsonObject { ["_index"] = Index, ["_id"] = id, ["status"] = 429, ["error"] = new JsonObject { ["type"] = "es_rejected_execution_exception", ["reason"] = "rejected execution of primary operation" } } });
                continue;
            }

            if (source is not null && RefuseAsInvalid.Contains(id))
            {
                errors = true;
                items.Add(new JsonObject { [action] = new JsonObject { ["_index"] = Index, ["_id"] = id, ["status"] = 400, ["error"] = new JsonObject { ["type"] = "document_parsing_exception", ["reason"] = "[1:20] failed to parse: Document contains at least one immense term in field=\"content_type\"" } } });
                continue;
            }

            var item = source is not null ? Written(id, _documents.ContainsKey(id) ? "updated" : "created") : Written(id, _documents.ContainsKey(id) ? "deleted" : "not_found");
            item["status"] = source is not null ? 201 : _documents.ContainsKey(id) ? 200 : 404;
            if (source is not null)
            {
                _documents[id] = (source, ++_seqNo);
            }
            else
            {
                _documents.Remove(id);
            }

            items.Add(new JsonObject { [action] = item });
        }

        return (HttpStatusCode.OK, new JsonObject { ["took"] = 1, ["errors"] = errors, ["items"] = items });
    }

    private (HttpStatusCode, JsonNode) MultiGet(JsonArray ids, bool realtime) => (HttpStatusCode.OK, new JsonObject
    {
        ["docs"] = new JsonArray([.. ids.Select(node => node!.GetValue<string>()).Select(id =>
            (realtime ? _documents.GetValueOrDefault(id).Source : _searchable.GetValueOrDefault(id)) is { } source
                ? (JsonNode)Found(id, source, _documents.GetValueOrDefault(id).SeqNo)
                : new JsonObject { ["_index"] = Index, ["_id"] = id, ["found"] = false })]),
    });

    private (HttpStatusCode, JsonNode) Search(JsonObject body)
    {
        var knn = body["knn"];
        var filter = knn is not null ? knn["filter"] : body["query"]?["bool"]?["filter"];
        var size = (knn?["k"] ?? body["size"])?.GetValue<int>() ?? 10;
        var after = body["search_after"]?[0]?.GetValue<string>();
        var hits = _searchable
            .Where(d => StandInFilters.Admit(d.Value, filter))
            .OrderBy(d => d.Value["chunk_id"]?.GetValue<string>(), StringComparer.Ordinal)
            .Where(d => after is null || string.CompareOrdinal(d.Value["chunk_id"]?.GetValue<string>(), after) > 0)
            .Take(size)
            .Select(d =>
            {
                var source = (JsonObject)d.Value.DeepClone();
                source.Remove("vector");
                return (JsonNode)new JsonObject { ["_index"] = Index, ["_id"] = d.Key, ["_score"] = 1.0, ["_source"] = source };
            });
        return (HttpStatusCode.OK, new JsonObject
        {
            ["took"] = 1,
            ["timed_out"] = false,
            ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["skipped"] = 0, ["failed"] = 0 },
            ["hits"] = new JsonObject { ["total"] = new JsonObject { ["value"] = 0, ["relation"] = "gte" }, ["max_score"] = 1.0, ["hits"] = new JsonArray([.. hits]) },
        });
    }

    private (HttpStatusCode, JsonNode) DeleteByQuery(JsonObject body)
    {
        // Like the real one, it finds what the last refresh made searchable.
        var matching = _searchable.Where(d => StandInFilters.Admit(d.Value, body["query"]!["bool"]!["filter"])).Select(d => d.Key).ToList();
        var deleted = matching.Count(_documents.Remove);
        return (HttpStatusCode.OK, new JsonObject
        {
            ["took"] = 1, ["timed_out"] = false, ["total"] = matching.Count, ["deleted"] = deleted, ["batches"] = 1,
            ["version_conflicts"] = matching.Count - deleted, ["noops"] = 0, ["retries"] = new JsonObject { ["bulk"] = 0, ["search"] = 0 },
            ["throttled_millis"] = 0, ["requests_per_second"] = -1.0, ["throttled_until_millis"] = 0, ["failures"] = new JsonArray(),
        });
    }

    private (HttpStatusCode, JsonNode) RefreshNow()
    {
        Refresh();
        return (HttpStatusCode.OK, new JsonObject { ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 } });
    }

    private void RefreshIfAuto()
    {
        if (AutoRefresh)
        {
            Refresh();
        }
    }

    private JsonObject Found(string id, JsonObject source, long seqNo) =>
        new() { ["_index"] = Index, ["_id"] = id, ["_version"] = 1, ["_seq_no"] = seqNo, ["_primary_term"] = 1, ["found"] = true, ["_source"] = source.DeepClone() };

    private JsonObject Written(string id, string result) =>
        new() { ["_index"] = Index, ["_id"] = id, ["_version"] = 1, ["result"] = result, ["_shards"] = new JsonObject { ["total"] = 1, ["successful"] = 1, ["failed"] = 0 }, ["_seq_no"] = _seqNo, ["_primary_term"] = 1 };

    private static JsonObject Error(string type, string reason, int status) =>
        new() { ["error"] = new JsonObject { ["root_cause"] = new JsonArray(new JsonObject { ["type"] = type, ["reason"] = reason }), ["type"] = type, ["reason"] = reason }, ["status"] = status };
}
