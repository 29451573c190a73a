using Lucene.Net.Search.Similarities;

namespace Ingestion.Index.Lucene.Lexical;

/// <summary>BM25 for every field, with <see cref="DocumentBm25"/>'s parameters for a document's whole-text fields.</summary>
internal sealed class FieldSimilarity(DocumentBm25 document) : PerFieldSimilarityWrapper
{
    private readonly BM25Similarity _chunk = new(k1: 1.2f, b: 0.75f);
    private readonly BM25Similarity _document = new(document.K1, document.B);

    public override Similarity Get(string name) =>
        name is LuceneSchema.DocumentTitle or LuceneSchema.DocumentText ? _document : _chunk;
}
