using System.Text;
using Ingestion.Gateway.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Documents;

/// <summary>
/// Reads a document's text back from its chunks, for a caller: the index applies the caller's readers as it does in
/// searches, so a document the caller may not read is not found (as one that does not exist). Chunks are the
/// extracted text cut at sentences, overlapping, with the white space between paragraphs left out; the gaps are
/// filled with spaces so every character stays at the offset citations name.
/// </summary>
public static class DocumentTextReader
{
    /// <summary>At most this many chunks are read for one stretch: a stretch of 1 MiB of chunks of a few words each.</summary>
    private const int MaxChunks = 4096;

    /// <summary>The text of <paramref name="documentId"/> from <paramref name="from"/>, at most <paramref name="length"/> characters; null when the caller finds no such document.</summary>
    public static async Task<DocumentText?> ReadAsync(IChunkIndexReader index, string documentId, Caller caller, int from, int length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var to = (int)Math.Min((long)from + length, int.MaxValue - 1);
        using var snapshot = index.AcquireSnapshot();
        // One character past the stretch tells whether the document goes on.
        var chunks = await snapshot.DocumentChunksAsync(documentId, caller.Restrict(SearchFilter.None), from, to + 1, MaxChunks, cancellationToken);
        if (chunks.Count == 0)
        {
            // Past its end, a document still exists: its first chunk says so (and names its version and title).
            var first = await snapshot.DocumentChunksAsync(documentId, caller.Restrict(SearchFilter.None), 0, 1, 1, cancellationToken);
            return first.Count == 0 ? null : new DocumentText(documentId, first[0].Version, first[0].Title, from, from, string.Empty, false, []);
        }

        var text = new StringBuilder(Math.Min(length, 64 * 1024));
        var cursor = from;
        foreach (var chunk in chunks)
        {
            var start = Math.Max(chunk.StartOffset, cursor);
            // A chunk's text is its stretch of the extracted text; the bound keeps a store's odd chunk from reading past it.
            var end = Math.Min(Math.Min(chunk.EndOffset, to), chunk.StartOffset + chunk.Text.Length);
            if (end <= start)
            {
                continue;
            }

            text.Append(' ', start - cursor);
            text.Append(chunk.Text, start - chunk.StartOffset, end - start);
            cursor = end;
        }

        var more = chunks.Max(c => c.EndOffset) > to;
        var pages = chunks.Where(c => c.Page is not null).Select(c => c.Page!.Value).Distinct().Order().ToArray();
        return new DocumentText(documentId, chunks[0].Version, chunks[0].Title, from, cursor, text.ToString(), more, pages);
    }
}
