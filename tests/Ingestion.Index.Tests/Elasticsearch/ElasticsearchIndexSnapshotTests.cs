using System.Text.Json.Nodes;
using Ingestion.Core.Embeddings;

namespace Ingestion.Index.Tests.Elasticsearch;

/// <summary>
/// What searches return when the index holds more than the manifests name (chunks of an older version a failed delete
/// left, of a newer one whose manifest was never written, of a document with no manifest at all, or of one deleted):
/// only chunks of the version each manifest names, in either leg and after fusion, and both legs of one search agree
/// on every document's version even when a refresh comes between them.
/// </summary>
public sealed class ElasticsearchIndexSnapshotTests : IDisposable
{
    private static readonly EmbeddingModelInfo Model = new("contract-model", 2);
    private readonly StandInStore _store = new(Model);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task OnlyChunksOfTheManifestsVersionAreFoundInEitherLegAndInWhatFusionReads()
    {
        await _store.Index.NameAsync(default);
        Put("doc", 1, 0);  // left by a failed delete
        Put("doc", 2, 0);  // the version the manifest names
        Put("doc", 2, 1);
        Put("doc", 3, 0);  // written by a write whose manifest write never happened
        Put("orphan", 1, 0); // no manifest at all
        Put("gone", 4, 0); // its document was deleted afterwards
        _store.Cluster.Put("m:doc", Manifest("doc", 2, deleted: false));
        _store.Cluster.Put("m:gone", Manifest("gone", 5, deleted: true));

        using var snapshot = _store.Searcher.AcquireSnapshot();
        // What hybrid search reads: both legs ranked, then the hits it keeps completed.
        var ranked = (await snapshot.RankLexicalAsync("text", 10, SearchFilter.None, default))
            .Concat(await snapshot.RankDenseAsync(new float[] { 1, 0 }, 10, SearchFilter.None, default)).ToList();
        var completed = await snapshot.CompleteAsync(ranked, default);
        var lexical = await snapshot.SearchLexicalAsync("text", 10, SearchFilter.None, default);
        var dense = await snapshot.SearchDenseAsync(new float[] { 1, 0 }, 10, SearchFilter.None, default);
        var all = await snapshot.AllChunksAsync(default);

        Assert.Equal(["doc@2#0", "doc@2#0", "doc@2#1", "doc@2#1"], completed.Select(h => h.ChunkId).Order(StringComparer.Ordinal));
        Assert.Equal(["doc@2#0", "doc@2#1"], lexical.Select(h => h.ChunkId));
        Assert.Equal(["doc@2#0", "doc@2#1"], dense.Select(h => h.ChunkId));
        Assert.Equal(["doc@2#0", "doc@2#1"], all.Select(h => h.ChunkId));
    }

    [Fact]
    public async Task LegsRunningAtOnceOverOneSnapshotReadEachManifestOnce()
    {
        for (var i = 0; i < 20; i++)
        {
            await Write($"doc{i}", 1);
        }

        using var snapshot = _store.Searcher.AcquireSnapshot();
        _store.Faults.Forwarded.Clear();
        var legs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => i % 2 == 0
            ? snapshot.SearchLexicalAsync("text", 20, SearchFilter.None, default)
            : snapshot.SearchDenseAsync(new float[] { 1, 0 }, 20, SearchFilter.None, default))));

        Assert.All(legs, hits => Assert.Equal(20, hits.Count));
        var read = _store.Faults.Forwarded.Where(r => r.Path[^1] == "_mget")
            .SelectMany(r => JsonNode.Parse(r.Body)!["ids"]!.AsArray().Select(id => id!.GetValue<string>()))
            .ToList();
        Assert.Equal(20, read.Count);
        Assert.Equal(20, read.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task BothLegsOfOneSearchAgreeOnADocumentsVersionAcrossARefresh()
    {
        await Write("doc", 1);
        _store.Cluster.AutoRefresh = false;
        using var snapshot = _store.Searcher.AcquireSnapshot();
        var lexical = await snapshot.SearchLexicalAsync("text", 10, SearchFilter.None, default);

        // Version 2 replaces version 1 and becomes searchable between the two legs.
        await Write("doc", 2);
        _store.Cluster.Refresh();
        var dense = await snapshot.SearchDenseAsync(new float[] { 1, 0 }, 10, SearchFilter.None, default);

        Assert.Equal([1L], lexical.Select(h => h.Version));
        Assert.DoesNotContain(dense, h => h.Version != 1);
        using var later = _store.Searcher.AcquireSnapshot();
        Assert.Equal([2L], (await later.SearchDenseAsync(new float[] { 1, 0 }, 10, SearchFilter.None, default)).Select(h => h.Version));
    }

    private Task<WriteOutcome> Write(string id, long version) => _store.Writer.ApplyAsync(
        new ReplaceDocument(id, version, "T", "text/plain", [], Model.ModelId, [new IndexedChunk($"{id}@{version}#0", 0, "text", 0, 4, new float[] { 1, 0 })]),
        default);

    [Fact]
    public async Task ADocumentsChunksAreOneSearchForItsOverlappingChunksAmongTheCallersInOrderOfTheManifestsVersionOnly()
    {
        await _store.Index.NameAsync(default);
        PutAt("doc", 1, 0, 0, 10);  // left by a failed delete
        PutAt("doc", 2, 2, 18, 30);
        PutAt("doc", 2, 0, 0, 10);
        PutAt("doc", 2, 1, 8, 20);
        PutAt("other", 1, 0, 0, 10);
        _store.Cluster.Put("m:doc", Manifest("doc", 2, deleted: false));
        _store.Cluster.Put("m:other", Manifest("other", 1, deleted: false));
        _store.Cluster.Refresh();
        var reader = new SearchFilter { Readers = ["public", "group:a"] };

        using var snapshot = _store.Searcher.AcquireSnapshot();
        _store.Cluster.Requests.Clear();
        var middle = await snapshot.DocumentChunksAsync("doc", reader, 12, 17, 10, default);
        var search = JsonNode.Parse(_store.Cluster.Requests.First(r => r.Path[^1] == "_search").Body)!;
        var all = await snapshot.DocumentChunksAsync("doc", reader, 0, 100, 10, default);
        var stranger = await snapshot.DocumentChunksAsync("doc", new SearchFilter { Readers = ["group:b"] }, 0, 100, 10, default);

        Assert.Equal(["doc@2#1"], middle.Select(h => h.ChunkId));
        Assert.Equal(["doc@2#0", "doc@2#1", "doc@2#2"], all.Select(h => h.ChunkId));
        Assert.Empty(stranger);
        Assert.Equal("""{"ordinal":{"order":"asc"}}""", search["sort"]!.ToJsonString()); // one sort, as Elastic's client writes it
        var filter = search["query"]!["bool"]!["filter"]!.ToJsonString();
        Assert.Contains("""{"terms":{"readers":["public","group:a"]}}""", filter, StringComparison.Ordinal);
        Assert.Contains("""{"term":{"document_id":{"value":"doc"}}}""", filter, StringComparison.Ordinal);
        Assert.Contains("""{"range":{"end_offset":{"gt":12}}}""", filter, StringComparison.Ordinal);
        Assert.Contains("""{"range":{"start_offset":{"lt":17}}}""", filter, StringComparison.Ordinal);
    }

    private void PutAt(string id, long version, int ordinal, int start, int end) => _store.Cluster.Put($"c:{id}@{version}#{ordinal}", new JsonObject
    {
        ["kind"] = "chunk", ["document_id"] = id, ["version"] = version, ["chunk_id"] = $"{id}@{version}#{ordinal}", ["ordinal"] = ordinal, ["text"] = "text",
        ["start_offset"] = start, ["end_offset"] = end, ["readers"] = new JsonArray("group:a"),
    });

    private void Put(string id, long version, int ordinal) => _store.Cluster.Put($"c:{id}@{version}#{ordinal}", new JsonObject
    {
        ["kind"] = "chunk", ["document_id"] = id, ["version"] = version, ["chunk_id"] = $"{id}@{version}#{ordinal}", ["ordinal"] = ordinal, ["text"] = "text",
    });

    private static JsonObject Manifest(string id, long version, bool deleted) =>
        new() { ["kind"] = "manifest", ["document_id"] = id, ["version"] = version, ["deleted"] = deleted, ["chunk_count"] = deleted ? 0 : 2 };
}
