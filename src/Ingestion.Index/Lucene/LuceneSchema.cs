using System.Runtime.InteropServices;
using Ingestion.Core.Documents;
using Ingestion.Core.Embeddings;
using Ingestion.Index.Lucene.Lexical;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene;

/// <summary>
/// Field names and document shapes of the embedded index. Each document is one block: a manifest
/// (its version, or a tombstone after a delete) plus its chunks, all sharing the <c>doc_id</c> term,
/// so one <c>UpdateDocuments</c> call replaces the whole block atomically. Versions and the deleted flag are stored,
/// not indexed: nothing searches by them, and a numeric field's trie terms cost every chunk postings.
/// </summary>
internal static class LuceneSchema
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;
    public const string Kind = "kind";
    public const string ManifestKind = "manifest";
    public const string ChunkKind = "chunk";
    public const string DocumentId = "doc_id";
    public const string ChunkId = "chunk_id";
    public const string DocumentVersion = "version";
    public const string Deleted = "deleted";
    public const string DeletedAt = "deleted_at";
    public const string Title = "title";
    public const string Text = "text";

    // A document's title and whole text (WholeText), on its first chunk only, searched where a request ranks documents.
    public const string DocumentTitle = "doc_title";
    public const string DocumentText = "doc_text";
    public const string ContentType = "content_type";
    public const string Tag = "tag";

    /// <summary>Who may read the document (<see cref="ReaderTerms"/>): indexed on every chunk, stored on the manifest.</summary>
    public const string Reader = "reader";
    public const string Ordinal = "ordinal";
    public const string StartOffset = "start";
    public const string EndOffset = "end";
    public const string Page = "page";

    /// <summary>A chunk's context (headings above it, a continued table's header): stored for citations and re-indexing, not searched.</summary>
    public const string Context = "context";
    public const string Vector = "vector";

    // A chunk's keys again as doc values, so fusion ranks a window of hits without a stored-fields read for each.
    public const string ChunkIdValues = "chunk_id_dv";
    public const string DocumentIdValues = "doc_id_dv";
    public const string VersionValues = "version_dv";

    // A manifest's state as doc values (1 live, 2 deleted; chunks have none), beside its version: a status query reads a
    // document's version from its id's postings without a stored-fields read.
    public const string ManifestValues = "manifest_dv";
    public const long LiveManifest = 1;
    public const long DeletedManifest = 2;
    public const string Updated = "updated";

    /// <summary>A live manifest's hash of the change that wrote its version (see <see cref="Ingestion.Index.SameVersion"/>).</summary>
    public const string ChangeHash = "change_hash";
    public const string ModelIdKey = "embedding.model";
    public const string DimensionKey = "embedding.dimension";

    public static Analyzer CreateAnalyzer() => new EnglishAnalyzer(Version);

    /// <summary>
    /// Lucene 4.8 defaults to TF-IDF; BM25 is set on writer and searcher alike: with the usual k1 and b for chunks, and
    /// for whole documents <paramref name="document"/>'s (<see cref="DocumentBm25.Default"/> unless a test or the
    /// benchmark compares others). A field's norms do not depend on k1 and b, so they may differ between searchers.
    /// </summary>
    public static Similarity CreateSimilarity(DocumentBm25? document = null) => new FieldSimilarity(document ?? DocumentBm25.Default);

    /// <summary>The BM25 that scores <paramref name="field"/> under <paramref name="similarity"/> (one of <see cref="CreateSimilarity"/>'s).</summary>
    public static BM25Similarity Bm25Of(Similarity similarity, string field) =>
        similarity switch
        {
            PerFieldSimilarityWrapper perField => (BM25Similarity)perField.Get(field),
            _ => (BM25Similarity)similarity,
        };

    /// <summary>A document's first chunk carries the document's title and whole text as well as its own.</summary>
    public static IEnumerable<Document> Chunks(ReplaceDocument document) =>
        document.Chunks.Select((chunk, i) => i == 0 ? WithWholeDocument(Chunk(document, chunk), document) : Chunk(document, chunk));

    private static Document WithWholeDocument(Document first, ReplaceDocument document)
    {
        // Indexed for BM25 only: no positions (nothing searches phrases in them), nothing stored (the chunks hold the text).
        first.Add(new Field(DocumentTitle, document.Title, WholeDocumentField));
        first.Add(new Field(DocumentText, WholeText.Of(document.Chunks), WholeDocumentField));
        return first;
    }

    private static readonly FieldType WholeDocumentField = new FieldType
    {
        IsIndexed = true,
        IsTokenized = true,
        IsStored = false,
        IndexOptions = global::Lucene.Net.Index.IndexOptions.DOCS_AND_FREQS,
    }.Freeze();

    public static Document Manifest(string documentId, long version, string? changeHash = null, IReadOnlyList<string>? readers = null)
    {
        var manifest = ManifestOf(documentId, version, LiveManifest);
        if (changeHash is not null)
        {
            manifest.Add(new StoredField(ChangeHash, changeHash));
        }

        foreach (var reader in readers ?? [])
        {
            manifest.Add(new StoredField(Reader, reader));
        }

        return manifest;
    }

    /// <summary>A delete's manifest; when it happened (Unix milliseconds, the writer's clock) says when it may be dropped.</summary>
    public static Document Tombstone(string documentId, long version, long deletedAtMs, IReadOnlyList<string>? readers = null)
    {
        var tombstone = ManifestOf(documentId, version, DeletedManifest);
        tombstone.Add(new StoredField(DeletedAt, deletedAtMs));
        foreach (var reader in readers ?? [])
        {
            tombstone.Add(new StoredField(Reader, reader));
        }

        return tombstone;
    }

    public static Document Chunk(ReplaceDocument document, IndexedChunk chunk)
    {
        var fields = new Document
        {
            new StringField(Kind, ChunkKind, Field.Store.YES),
            new StringField(DocumentId, document.DocumentId, Field.Store.YES),
            new StringField(ChunkId, chunk.ChunkId, Field.Store.YES),
            new StoredField(DocumentVersion, document.Version),
            new TextField(Title, document.Title, Field.Store.YES),
            new TextField(Text, chunk.Text, Field.Store.YES),
            new StringField(ContentType, MediaTypes.Essence(document.ContentType), Field.Store.YES),
            new StoredField(Ordinal, chunk.Ordinal),
            new StoredField(StartOffset, chunk.StartOffset),
            new StoredField(EndOffset, chunk.EndOffset),
            new BinaryDocValuesField(Vector, new BytesRef(MemoryMarshal.AsBytes(chunk.Vector.Span).ToArray())),
            new BinaryDocValuesField(ChunkIdValues, new BytesRef(chunk.ChunkId)),
            new SortedDocValuesField(DocumentIdValues, new BytesRef(document.DocumentId)),
            new NumericDocValuesField(VersionValues, document.Version),
        };
        foreach (var tag in document.Tags)
        {
            fields.Add(new StringField(Tag, tag, Field.Store.YES));
        }

        // Searched, never read back: the manifest keeps them for statuses and re-indexing.
        foreach (var reader in document.Readers)
        {
            fields.Add(new StringField(Reader, reader, Field.Store.NO));
        }

        if (document.UpdatedAt is { } updated)
        {
            fields.Add(new Int64Field(Updated, updated.ToUnixTimeMilliseconds(), Field.Store.YES));
        }

        if (chunk.Page is { } page)
        {
            fields.Add(new StoredField(Page, page));
        }

        if (chunk.Context is { } context)
        {
            fields.Add(new StoredField(Context, context));
        }

        return fields;
    }

    private static Document ManifestOf(string documentId, long version, long state) =>
    [
        new StringField(Kind, ManifestKind, Field.Store.YES),
        new StringField(DocumentId, documentId, Field.Store.YES),
        new StoredField(DocumentVersion, version),
        new StoredField(Deleted, state == DeletedManifest ? 1 : 0),
        new NumericDocValuesField(VersionValues, version),
        new NumericDocValuesField(ManifestValues, state),
    ];

    public const string FormatKey = "index.format";

    /// <summary>
    /// What this code writes: 2 since documents carry their whole text (<see cref="DocumentText"/>). An index of an
    /// older format is re-indexed as for a new model (<see cref="Writing.LuceneIndexLifecycle"/>), so no index holds
    /// documents of both kinds, which would rank them unequally.
    /// </summary>
    public const int Format = 2;

    public static Dictionary<string, string> CommitData(EmbeddingModelInfo model) => new()
    {
        [ModelIdKey] = model.ModelId,
        [DimensionKey] = model.Dimension.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [FormatKey] = Format.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The format a commit records; 1 for one written before formats were recorded.</summary>
    public static int FormatOf(IDictionary<string, string>? commitData) =>
        commitData is not null && commitData.TryGetValue(FormatKey, out var format) ? int.Parse(format, System.Globalization.CultureInfo.InvariantCulture) : 1;

    /// <summary>The model recorded in a commit, or null for an index that has none yet.</summary>
    public static EmbeddingModelInfo? ModelOf(IDictionary<string, string>? commitData) =>
        commitData is not null
        && commitData.TryGetValue(ModelIdKey, out var id)
        && commitData.TryGetValue(DimensionKey, out var dimension)
            ? new EmbeddingModelInfo(id, int.Parse(dimension, System.Globalization.CultureInfo.InvariantCulture))
            : null;
}
