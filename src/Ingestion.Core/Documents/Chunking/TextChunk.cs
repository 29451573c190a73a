namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// A piece of a document's text. <see cref="StartOffset"/> and <see cref="EndOffset"/> are character
/// offsets into the extracted text, so a citation can point at the exact passage. <see cref="Context"/> is what the
/// chunk needs to be understood alone and does not hold: the path of headings above it (<c>Policy › Renewal</c>)
/// and, for a chunk that continues a table, the table's header row; null when there is none.
/// </summary>
public sealed record TextChunk(int Ordinal, string Text, int StartOffset, int EndOffset, int TokenCount, string? Context = null);
