using Ingestion.Client.Model;

namespace Ingestion.Cli.Evaluation;

/// <summary>Turns ranked chunks into ranked documents: a document ranks where its best chunk ranks.</summary>
internal static class DocumentRanking
{
    /// <summary>
    /// The dataset's documents in the order their first chunk appears, ids without the prefix they were ingested
    /// under; documents outside the dataset (other ids in the same index) are left out.
    /// </summary>
    public static IReadOnlyList<string> Of(IEnumerable<SearchHit> hits, string idPrefix, int limit)
    {
        ArgumentNullException.ThrowIfNull(hits);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ranking = new List<string>();
        foreach (var hit in hits)
        {
            if (hit.DocumentId.StartsWith(idPrefix, StringComparison.Ordinal) && seen.Add(hit.DocumentId))
            {
                ranking.Add(hit.DocumentId[idPrefix.Length..]);
                if (ranking.Count == limit)
                {
                    break;
                }
            }
        }

        return ranking;
    }
}
