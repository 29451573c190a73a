namespace Ingestion.Core.Documents.Chunking;

/// <summary>
/// A piece of a document's text. <see cref="StartOffset"/> and <see cref="EndOffset"/> are character
/// offsets into the extracted text, so a citation can point at the exact passage.
/// </summary>
public sealed record TextChunk(int Ordinal, string Text, int StartOffset, int EndOffset, int TokenCount);
