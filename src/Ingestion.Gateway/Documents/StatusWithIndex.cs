using Ingestion.Core.Status;
using Ingestion.Index;

namespace Ingestion.Gateway.Documents;

/// <summary>
/// Each document's status as Redis has it, told whether the gateway's reader already holds its version
/// (<c>searchable</c>); where Redis has none, or one older than the version the index holds (Redis lost it, or
/// evicted it), the index's manifest answers. Documents neither knows are left out.
/// </summary>
internal static class StatusWithIndex
{
    public static async Task<List<DocumentStatus>> AnswerAsync(List<string> ids, DocumentStatus?[] found, IChunkIndexReader index, CancellationToken cancellationToken)
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
                    answered.Add(DocumentStatus.OfIndexed(ids[i], onlyIndexed.Version, onlyIndexed.Deleted));
                }

                continue;
            }

            // An older status than the index's version was lost or outlived: Redis lost the newer one, and a late older
            // version recorded its own (superseded) in its place. The document is what the index holds; the version
            // that lost is named as ignored.
            answered.Add(held is { } newer && newer.Version > status.Version
                ? DocumentStatus.OfIndexed(ids[i], newer.Version, newer.Deleted) with { LastIgnoredVersion = status.State is DocumentState.Superseded ? status.Version : status.LastIgnoredVersion }
                : status.State is DocumentState.Indexed or DocumentState.Deleted
                    ? status with { Searchable = held is { } h && h.Version >= status.Version }
                    : status);
        }

        return answered;
    }
}
