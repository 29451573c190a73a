namespace Ingestion.Index.Lucene.Lexical;

/// <summary>
/// The pair of fields a <see cref="LexicalQuery"/> searches: a title and a text. Chunks are searched by their own text
/// (with their document's title); documents, where a request ranks documents, by the whole of their text, which only a
/// document's first chunk carries, so its field statistics (document frequency, average length) are documents', not chunks'.
/// </summary>
internal sealed record LexicalFields(string Title, string Text)
{
    public static LexicalFields Chunk { get; } = new(LuceneSchema.Title, LuceneSchema.Text);

    public static LexicalFields Document { get; } = new(LuceneSchema.DocumentTitle, LuceneSchema.DocumentText);
}
