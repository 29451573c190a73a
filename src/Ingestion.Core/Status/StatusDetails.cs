namespace Ingestion.Core.Status;

/// <summary>The optional parts of a status change.</summary>
/// <param name="ChunkCount">Chunks the version was indexed as.</param>
/// <param name="Error">Why the version failed, for a person to read.</param>
/// <param name="TraceId">The trace of the change, to find it in the dashboard.</param>
/// <param name="FailedStep">The pipeline step that failed: <c>extract</c>, <c>chunk</c>, <c>embed</c> or <c>index</c>.</param>
/// <param name="Attempts">How many times the message was tried so far (first delivery, retries and redeliveries).</param>
/// <param name="SupersededBy">For a superseded version, the newer version the index holds.</param>
/// <param name="AcceptedAt">For <c>queued</c>: when the gateway accepted the change (it is recorded only after the broker confirmed it).</param>
/// <param name="ForgetAfter">
/// For <c>deleted</c>: how long Redis keeps the status and the version claim (the index keeps the tombstone as long, then
/// forgets the document too). Without it every DELETE, of never-seen ids too, left two keys in Redis for good. A newer
/// change writes both keys anew, without it.
/// </param>
/// <param name="Readers">
/// Who may read the document's version (for a delete, the version it deletes), so its status is answered only to
/// them: the gateway records it with <c>queued</c>, the pipeline with each state from its message (so a status Redis
/// lost, or a message sent past the gateway, still has them); a state without them keeps the version's.
/// </param>
public sealed record StatusDetails(int? ChunkCount = null, string? Error = null, string? TraceId = null, string? FailedStep = null, int? Attempts = null, long? SupersededBy = null, DateTimeOffset? AcceptedAt = null, TimeSpan? ForgetAfter = null, IReadOnlyList<string>? Readers = null)
{
    public static StatusDetails None { get; } = new();

    /// <summary>A message's readers for a status: none (null, "keep what the version has") where the sender named none.</summary>
    public static IReadOnlyList<string>? ReadersOf(IReadOnlyList<string> readers) => readers is { Count: > 0 } ? readers : null;
}
