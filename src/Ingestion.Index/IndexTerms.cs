using System.Text;

namespace Ingestion.Index;

/// <summary>
/// The values both stores keep as one term each (document and chunk ids, the content type, tags, readers). Lucene and
/// Elasticsearch refuse a term over 32,766 bytes; Lucene's refusal comes inside the group commit and would roll back
/// every write waiting for it. Checked before a write reaches either store, so such a document fails alone.
/// </summary>
public static class IndexTerms
{
    /// <summary>Lucene's <c>IndexWriter.MAX_TERM_LENGTH</c>, which Elasticsearch keeps too.</summary>
    public const int MaxTermBytes = 32_766;

    /// <summary>Throws <see cref="DocumentRejectedException"/> naming the first value the stores cannot hold.</summary>
    public static void Check(DocumentWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Term("documentId", write.DocumentId);
        if (write is not ReplaceDocument replace)
        {
            return;
        }

        Term("contentType", replace.ContentType);
        foreach (var tag in replace.Tags)
        {
            Term("tags", tag);
        }

        foreach (var reader in replace.Readers)
        {
            Term("readers", reader);
        }

        foreach (var chunk in replace.Chunks)
        {
            Term("chunkId", chunk.ChunkId);
        }
    }

    private static void Term(string field, string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > MaxTermBytes)
        {
            throw new DocumentRejectedException($"The document's {field} is {bytes} bytes; the index keeps it as one term of at most {MaxTermBytes} bytes.");
        }
    }
}
