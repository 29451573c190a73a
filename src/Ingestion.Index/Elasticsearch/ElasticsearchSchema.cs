using System.Security.Cryptography;
using System.Text;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;
using Ingestion.Core.Embeddings;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// The index layout: one index holds chunks and, per document, one manifest (its current version, whether it is
/// deleted, and how many chunks it has), told apart by <see cref="Kind"/>; the manifest is what makes replaces and
/// deletes ordered (see <see cref="ElasticsearchChunkIndexWriter"/>) and what searches check hits against.
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

    /// <summary>A document's title and whole text (<see cref="WholeText"/>), on its first chunk only, for ranking documents whole.</summary>
    public const string DocumentTitle = "document_title";
    public const string DocumentText = "document_text";

    /// <summary>
    /// The BM25 of <see cref="DocumentTitle"/> and <see cref="DocumentText"/> in an index created with it: k1 0.9, b 0.4,
    /// as the embedded store scores whole documents. An index created before has no such similarity (it cannot be
    /// added to an open index), and its whole-document fields score with Elasticsearch's default BM25.
    /// </summary>
    public const string DocumentSimilarity = "document_bm25";
    public const string StartOffset = "start_offset";
    public const string EndOffset = "end_offset";
    public const string Page = "page";

    /// <summary>A chunk's context (<see cref="IndexedChunk.Context"/>), kept in the source for citations, not indexed.</summary>
    public const string Context = "context";
    public const string Tags = "tags";

    /// <summary>Who may read the document (<see cref="ReaderTerms"/>), on its manifest and every chunk.</summary>
    public const string Readers = "readers";
    public const string ContentType = "content_type";
    public const string Updated = "updated";
    public const string Vector = "vector";
    public const string Deleted = "deleted";
    public const string ChunkCount = "chunk_count";
    public const string PreviousVersion = "previous_version";
    public const string PreviousChunkCount = "previous_chunk_count";
    public const string ChangeHash = "change_hash";

    /// <summary>Mapping <c>_meta</c> keys that record the model of the index's vectors.</summary>
    public const string ModelIdMeta = "embedding_model";
    public const string DimensionMeta = "embedding_dimension";

    /// <summary>Better binary quantisation needs vectors of at least this many dimensions.</summary>
    public const int BbqMinimumDimensions = 64;

    /// <summary>Elasticsearch refuses <c>_id</c>s over 512 bytes; longer document ids are hashed into the <c>_id</c> (the field keeps them whole).</summary>
    private const int MaxIdBytes = 400;

    public static string ManifestId(string documentId) => Bounded("m:" + documentId);

    public static string ChunkDocumentId(string documentId, long version, int ordinal) =>
        Bounded(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"c:{documentId}@{version}#{ordinal}"));

    /// <summary>
    /// Index creation: settings, the alias (as the write index) and an explicit, strict mapping: keywords for ids,
    /// tags and types; English-analysed text for BM25; a quantised HNSW <c>dense_vector</c> with cosine similarity
    /// (see <see cref="VectorIndexType"/>); the model in <c>_meta</c>.
    /// </summary>
    public static CreateIndexRequest CreateIndex(string name, string alias, EmbeddingModelInfo model, ElasticsearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return new CreateIndexRequest(name)
        {
            Settings = new IndexSettings
            {
                NumberOfShards = options.Shards,
                NumberOfReplicas = options.Replicas,
                Similarity = new SettingsSimilarities { { DocumentSimilarity, new SettingsSimilarityBm25 { K1 = 0.9, B = 0.4 } } },
            },
            Aliases = new Dictionary<Name, Alias> { [alias] = new Alias { IsWriteIndex = true } },
            Mappings = new TypeMapping
            {
                Dynamic = DynamicMapping.Strict,
                Meta = new Dictionary<string, object> { [ModelIdMeta] = model.ModelId, [DimensionMeta] = model.Dimension },
                Properties = new Properties
                {
                    { Kind, new KeywordProperty() },
                    { DocumentId, new KeywordProperty() },
                    { Version, new LongNumberProperty() },
                    { ChunkId, new KeywordProperty() },
                    { Ordinal, new IntegerNumberProperty() },
                    { Title, new TextProperty { Analyzer = "english" } },
                    { Text, new TextProperty { Analyzer = "english" } },
                    { DocumentTitle, WholeDocumentProperty(DocumentSimilarity) },
                    { DocumentText, WholeDocumentProperty(DocumentSimilarity) },
                    { StartOffset, new IntegerNumberProperty { Index = false } },
                    { EndOffset, new IntegerNumberProperty { Index = false } },
                    { Page, new IntegerNumberProperty { Index = false } },
                    { Context, new TextProperty { Index = false } },
                    { Tags, new KeywordProperty() },
                    { Readers, new KeywordProperty() },
                    { ContentType, new KeywordProperty() },
                    { Updated, new LongNumberProperty() },
                    {
                        Vector, new DenseVectorProperty
                        {
                            Dims = model.Dimension,
                            Index = true,
                            Similarity = DenseVectorSimilarity.Cosine,
                            IndexOptions = new DenseVectorIndexOptions { Type = VectorIndexType(options.VectorIndex, model.Dimension) },
                        }
                    },
                    { Deleted, new BooleanProperty() },
                    { ChunkCount, new IntegerNumberProperty { Index = false } },
                    { PreviousVersion, new LongNumberProperty { Index = false } },
                    { PreviousChunkCount, new IntegerNumberProperty { Index = false } },
                    { ChangeHash, ChangeHashProperty() },
                },
            },
        };
    }

    /// <summary>English-analysed text for BM25 with term frequencies only: nothing searches phrases in a whole document.</summary>
    public static TextProperty WholeDocumentProperty(string? similarity) =>
        new() { Analyzer = "english", IndexOptions = Elastic.Clients.Elasticsearch.Mapping.IndexOptions.Freqs, Similarity = similarity };

    /// <summary>Kept in the manifest's source only: never searched or sorted on.</summary>
    public static KeywordProperty ChangeHashProperty() => new() { Index = false, DocValues = false };

    /// <summary>
    /// Fields added to the mapping since indexes were first created with it, for <see cref="ElasticsearchIndex"/> to add
    /// to an existing index that lacks them (<paramref name="present"/> names the fields it has: adding a field is
    /// allowed, changing one is not; the mapping is strict, so a document with a field it lacks is refused). Whole-
    /// document fields added so score with Elasticsearch's default BM25: the index has no <see cref="DocumentSimilarity"/>,
    /// which only a new index can be given. Null when it lacks none.
    /// </summary>
    public static PutMappingRequest? AddedFields(string index, IReadOnlySet<string> present)
    {
        ArgumentNullException.ThrowIfNull(present);
        var added = new Properties();
        var any = false;
        foreach (var (name, property) in new (string, IProperty)[]
        {
            (ChangeHash, ChangeHashProperty()),
            (Readers, new KeywordProperty()),
            (DocumentTitle, WholeDocumentProperty(similarity: null)),
            (DocumentText, WholeDocumentProperty(similarity: null)),
            (Context, new TextProperty { Index = false }),
        })
        {
            if (!present.Contains(name))
            {
                added.Add(name, property);
                any = true;
            }
        }

        return any ? new PutMappingRequest(index) { Properties = added } : null;
    }

    /// <summary>
    /// The vector index for <paramref name="setting"/> (<see cref="ElasticsearchOptions.VectorIndex"/>): <c>auto</c> is
    /// <c>bbq_hnsw</c> where its 64-dimension minimum allows, <c>int8_hnsw</c> otherwise.
    /// </summary>
    public static DenseVectorIndexOptionsType VectorIndexType(string setting, int dimensions) => setting switch
    {
        "auto" => dimensions >= BbqMinimumDimensions ? DenseVectorIndexOptionsType.BbqHnsw : DenseVectorIndexOptionsType.Int8Hnsw,
        "bbq_hnsw" when dimensions < BbqMinimumDimensions => throw new InvalidOperationException(
            $"Elasticsearch:VectorIndex bbq_hnsw needs vectors of at least {BbqMinimumDimensions} dimensions; this model's have {dimensions}. Use int8_hnsw or auto."),
        "bbq_hnsw" => DenseVectorIndexOptionsType.BbqHnsw,
        "int8_hnsw" => DenseVectorIndexOptionsType.Int8Hnsw,
        "int4_hnsw" => DenseVectorIndexOptionsType.Int4Hnsw,
        "hnsw" => DenseVectorIndexOptionsType.Hnsw,
        _ => throw new InvalidOperationException($"Elasticsearch:VectorIndex '{setting}' is not a vector index type this store knows."),
    };

    /// <summary>A new index's name: the alias, a slug of the model, and the creation time, so names never repeat.</summary>
    public static string NewIndexName(string alias, EmbeddingModelInfo model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        var slug = new string([.. model.ModelId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return $"{alias}-{slug}-{now.UtcDateTime:yyyyMMddHHmmss}";
    }

    private static string Bounded(string id) =>
        Encoding.UTF8.GetByteCount(id) <= MaxIdBytes ? id : "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
