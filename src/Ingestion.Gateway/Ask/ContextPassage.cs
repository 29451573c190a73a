namespace Ingestion.Gateway.Ask;

/// <summary>
/// One numbered passage of an assembled context: a stretch of one document's extracted text, made of one chunk
/// or of several overlapping ones. <see cref="Text"/> is exactly the document text from <see cref="StartOffset"/>
/// to <see cref="EndOffset"/>, so a citation can point at it; <see cref="Trimmed"/> says the budget cut it short;
/// <see cref="Context"/> is what its first chunk needs to be understood alone (the headings above it, a table's header).
/// </summary>
public sealed record ContextPassage(
    int Number,
    string DocumentId,
    long Version,
    string Title,
    string Text,
    int StartOffset,
    int EndOffset,
    int? Page,
    IReadOnlyList<string> ChunkIds,
    double Score,
    bool Trimmed,
    string? Context = null);
