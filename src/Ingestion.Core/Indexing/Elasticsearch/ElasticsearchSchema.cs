using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// The index layout: one index holds chunks and, per document, one manifest (its current version, whether it is
/// deleted, and how many chunks it has), told apart by <see cref="Kind"/>; the manifest is what makes replaces and
/// deletes ordered (see <see cref="ElasticsearchChunkIndexWriter"/>).
/// </summary>
public static class ElasticsearchSchema
{
    public const string Kind = "kind";
    public const string ChunkKind = "chunk";
    public const string ManifestKind = "manifest";
    public const string DocumentId = "document_id";
    public const string Version = "version";
    public const string ChunkId = "chunk_id";
    public const string Ordinal = "ordinal";
    public const string Title = "title";
    public const string Text = "text";
    public const string StartOffset = "start_offset";
    public const string EndOffset = "end_offset";
    public const string Page = "page";
    public const string Tags = "tags";
    public const string ContentType = "content_type";
    public const string Updated = "updated";
    public const string Vector = "vector";
    public const string Deleted = "deleted";
    public const string ChunkCount = "chunk_count";
    public const string PreviousVersion = "previous_version";
    public const string PreviousChunkCount = "previous_chunk_count";

    /// <summary>Mapping <c>_meta</c> keys that record the model of the index's vectors.</summary>
    public const string ModelIdMeta = "embedding_model";
    public const string DimensionMeta = "embedding_dimension";

    /// <summary>Elasticsearch refuses <c>_id</c>s over 512 bytes; longer document ids are hashed into the <c>_id</c> (the field keeps them whole).</summary>
    private const int MaxIdBytes = 400;

    public static string ManifestId(string documentId) => Bounded("m:" + documentId);

    public static string ChunkDocumentId(string documentId, long version, int ordinal) =>
        Bounded(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"c:{documentId}@{version}#{ordinal}"));

    /// <summary>
    /// The body of index creation: settings, the alias (as the write index) and an explicit, strict mapping:
    /// keywords for ids, tags and types; English-analysed text for BM25; an int8-quantised HNSW
    /// <c>dense_vector</c> with cosine similarity; the model in <c>_meta</c>.
    /// </summary>
    public static JsonObject CreateIndexBody(string alias, EmbeddingModelInfo model, int shards, int replicas)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new JsonObject
        {
            ["settings"] = new JsonObject
            {
                ["number_of_shards"] = shards,
                ["number_of_replicas"] = replicas,
            },
            ["aliases"] = new JsonObject { [alias] = new JsonObject { ["is_write_index"] = true } },
            ["mappings"] = new JsonObject
            {
                ["dynamic"] = "strict",
                ["_meta"] = new JsonObject { [ModelIdMeta] = model.ModelId, [DimensionMeta] = model.Dimension },
                ["properties"] = new JsonObject
                {
                    [Kind] = Keyword(),
                    [DocumentId] = Keyword(),
                    [Version] = new JsonObject { ["type"] = "long" },
                    [ChunkId] = Keyword(),
                    [Ordinal] = new JsonObject { ["type"] = "integer" },
                    [Title] = new JsonObject { ["type"] = "text", ["analyzer"] = "english" },
                    [Text] = new JsonObject { ["type"] = "text", ["analyzer"] = "english" },
                    [StartOffset] = new JsonObject { ["type"] = "integer", ["index"] = false },
                    [EndOffset] = new JsonObject { ["type"] = "integer", ["index"] = false },
                    [Page] = new JsonObject { ["type"] = "integer", ["index"] = false },
                    [Tags] = Keyword(),
                    [ContentType] = Keyword(),
                    [Updated] = new JsonObject { ["type"] = "long" },
                    [Vector] = new JsonObject
                    {
                        ["type"] = "dense_vector",
                        ["dims"] = model.Dimension,
                        ["index"] = true,
                        ["similarity"] = "cosine",
                        ["index_options"] = new JsonObject { ["type"] = "int8_hnsw" },
                    },
                    [Deleted] = new JsonObject { ["type"] = "boolean" },
                    [ChunkCount] = new JsonObject { ["type"] = "integer", ["index"] = false },
                    [PreviousVersion] = new JsonObject { ["type"] = "long", ["index"] = false },
                    [PreviousChunkCount] = new JsonObject { ["type"] = "integer", ["index"] = false },
                },
            },
        };
    }

    /// <summary>A new index's name: the alias, a slug of the model, and the creation time, so names never repeat.</summary>
    public static string NewIndexName(string alias, EmbeddingModelInfo model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slug = new string([.. model.ModelId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return $"{alias}-{slug}-{now.UtcDateTime:yyyyMMddHHmmss}";
    }

    private static JsonObject Keyword() => new() { ["type"] = "keyword" };

    private static string Bounded(string id) =>
        Encoding.UTF8.GetByteCount(id) <= MaxIdBytes ? id : "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
