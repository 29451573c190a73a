using Ingestion.Core.Status;
using Ingestion.Gateway.Identity;
using Ingestion.Index;

namespace Ingestion.Gateway.Documents;

/// <summary>
/// Each document's status as Redis has it, told whether the gateway's reader already holds its version
/// (<c>searchable</c>); where Redis has none, or one older than the version the index holds (Redis lost it, or
/// evicted it), the index's manifest answers. Documents neither knows are left out, and so are documents the caller may
/// not read: to them a document they may not read does not exist (404, not 403, which would tell them it does).
/// </summary>
internal static class StatusWithIndex
{
    public static async Task<List<DocumentStatus>> AnswerAsync(List<string> ids, DocumentStatus?[] found, IChunkIndexReader index, Caller caller, CancellationToken cancellationToken)
    {
        var answered = await AnswerAsync(ids, found, index, cancellationToken);
        return caller.Unrestricted ? answered : [.. answered.Where(s => s.Readers is { } readers && caller.MayRead(readers))];
    }

    private static async Task<List<DocumentStatus>> AnswerAsync(List<string> ids, DocumentStatus?[] found, IChunkIndexReader index, CancellationToken cancellationToken)
    {
        using var snapshot = index.AcquireSnapshot();
        var indexed = await snapshot.IndexedVersionsAsync(ids, cancellationToken);
        var answered = new List<DocumentStatus>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var held = indexed.TryGetValue(ids[i], out var version) ? version : (IndexedVersion?)null;
            if (found[i] is not { } status)
            {
                if (held is { } onlyIndexed)
                {
                    answered.Add(DocumentStatus.OfIndexed(ids[i], onlyIndexed.Version, onlyIndexed.Deleted) with { Readers = onlyIndexed.Readers });
                }

                continue;
            }

            // An older status than the index's version was lost or outlived: Redis lost the newer one, and a late older
            // version recorded its own (superseded) in its place. The document is what the index holds; the version
            // that lost is named as ignored.
            // Whose the status is: the readers recorded with it, or, where Redis has none for its version, the index's.
            var readers = status.Readers ?? (held is { } same && same.Version == status.Version ? same.Readers : null);
            answered.Add(held is { } newer && newer.Version > status.Version
                ? DocumentStatus.OfIndexed(ids[i], newer.Version, newer.Deleted) with { LastIgnoredVersion = status.State is DocumentState.Superseded ? status.Version : status.LastIgnoredVersion, Readers = newer.Readers }
                : status.State is DocumentState.Indexed or DocumentState.Deleted
                    ? status with { Searchable = held is { } h && h.Version >= status.Version, Readers = readers }
                    : status with { Readers = readers });
        }

        return answered;
    }
}
