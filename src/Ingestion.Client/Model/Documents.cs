namespace Ingestion.Client.Model;

/// <summary>
/// A document to create or replace (<c>PUT /api/documents/{id}</c>): its content inline (binary formats base64) or by
/// reference (<see cref="ContentUri"/>), its media type, and optionally a title, tags, a version (higher is newer;
/// assigned when not given) and who may read it (<c>user:&lt;id&gt;</c>, <c>group:&lt;name&gt;</c>, <c>public</c>).
/// </summary>
public sealed record DocumentChange(
    string ContentType,
    string? Content = null,
    string? Title = null,
    IReadOnlyList<string>? Tags = null,
    long? Version = null,
    string? ContentUri = null,
    IReadOnlyList<string>? Readers = null);

/// <summary>Where a document's change is.</summary>
public enum DocumentState
{
    Queued,
    Processing,
    Indexed,
    Deleted,
    Failed,

    /// <summary>Not applied: the index already held a newer version (<see cref="DocumentStatus.SupersededBy"/>).</summary>
    Superseded,
}

/// <summary>A change was queued; <see cref="StatusUrl"/> reports its progress, <see cref="TraceId"/> its trace.</summary>
public sealed record DocumentAccepted(string DocumentId, long Version, DocumentState State, string? StatusUrl, string? TraceId);

/// <summary>
/// A document's ingestion status: the version it is about, its state, the chunks it became, why it failed, and
/// whether the gateway's index already holds that version (<see cref="Searchable"/>).
/// </summary>
public sealed record DocumentStatus(
    string DocumentId,
    DocumentState State,
    long Version,
    int? ChunkCount = null,
    string? Error = null,
    string? TraceId = null,
    DateTimeOffset? QueuedAt = null,
    DateTimeOffset? UpdatedAt = null,
    DateTimeOffset? IndexedAt = null,
    long? LastIgnoredVersion = null,
    string? FailedStep = null,
    int? Attempts = null,
    long? SupersededBy = null,
    bool? Searchable = null,
    bool? FromIndex = null,
    double? SecondsToIndexed = null);

/// <summary>The statuses of a batch, and the ids the gateway does not know (or the caller may not read).</summary>
public sealed record DocumentStatuses(IReadOnlyList<DocumentStatus> Statuses, IReadOnlyList<string> Missing);

/// <summary>
/// A stretch of a document's extracted text at the offsets its citations name, from <see cref="From"/> to
/// <see cref="To"/>; <see cref="More"/> says the document goes on after it.
/// </summary>
public sealed record DocumentText(string DocumentId, long Version, string Title, int From, int To, string Text, bool More, IReadOnlyList<int> Pages);
