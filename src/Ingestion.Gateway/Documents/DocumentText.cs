namespace Ingestion.Gateway.Documents;

/// <summary>
/// A stretch of a document's extracted text, at the same character offsets its citations name: <see cref="Text"/>
/// runs from <see cref="From"/> to <see cref="To"/>. <see cref="More"/> says the document goes on after it (read on
/// from <see cref="To"/>). Pages are those of the chunks it was read from, where the format has pages.
/// </summary>
public sealed record DocumentText(string DocumentId, long Version, string Title, int From, int To, string Text, bool More, IReadOnlyList<int> Pages);
