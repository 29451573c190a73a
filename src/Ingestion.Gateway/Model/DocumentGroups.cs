namespace Ingestion.Gateway.Model;

/// <summary>A document of a grouped search: its best chunks (at most <c>perDocument</c>), ranked where its best chunk ranked.</summary>
public sealed record DocumentGroup(string DocumentId, string Title, double Score, IReadOnlyList<SearchHit> Hits);

/// <summary>Groups ranked hits by document, keeping the order of each document's best chunk and at most a given number of chunks each.</summary>
internal static class DocumentGroups
{
    public static List<DocumentGroup> Of(IEnumerable<SearchHit> hits, int perDocument, int maxDocuments)
    {
        var groups = new List<(string Id, string Title, double Score, List<SearchHit> Hits)>();
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (!byId.TryGetValue(hit.DocumentId, out var index))
            {
                if (groups.Count == maxDocuments)
                {
                    continue;
                }

                byId[hit.DocumentId] = index = groups.Count;
                groups.Add((hit.DocumentId, hit.Title, hit.Score, []));
            }

            if (groups[index].Hits.Count < perDocument)
            {
                groups[index].Hits.Add(hit);
            }
        }

        return [.. groups.Select(g => new DocumentGroup(g.Id, g.Title, g.Score, g.Hits))];
    }
}
