namespace Ingestion.Index;

/// <summary>
/// A document's text put back together from its chunks, for stores that rank whole documents: chunks overlap (a chunk
/// repeats the last sentences of the one before), so each adds only what lies past the end of those before it, by the
/// offsets it was cut at. Words are never counted twice, and a document's length is its own.
/// </summary>
public static class WholeText
{
    public static string Of(IReadOnlyList<IndexedChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var text = new System.Text.StringBuilder();
        var end = 0;
        foreach (var chunk in chunks.OrderBy(c => c.Ordinal))
        {
            // A chunk whose offsets do not match its text (a store's hand-made chunks) is taken whole.
            var skip = chunk.EndOffset - chunk.StartOffset == chunk.Text.Length ? Math.Clamp(end - chunk.StartOffset, 0, chunk.Text.Length) : 0;
            if (skip < chunk.Text.Length)
            {
                if (text.Length > 0 && skip == 0)
                {
                    text.Append('\n');
                }

                text.Append(chunk.Text, skip, chunk.Text.Length - skip);
            }

            end = Math.Max(end, chunk.EndOffset);
        }

        return text.ToString();
    }
}
