using Ingestion.Client;
using Ingestion.Client.Model;

namespace Ingestion.Sample.App;

/// <summary>Three notes about a harbour, published as one would publish a team's documents.</summary>
internal static class SampleNotes
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static readonly (string Id, string Text)[] Notes =
    [
        ("sample/tides.md", "# Tides\n\nThe harbour of Port Ellery floods twice a day; at spring tides the quay is under water for an hour."),
        ("sample/moorings.md", "# Moorings\n\nVisiting boats moor on the north pontoon. Moorings are paid at the harbour office before noon."),
        ("sample/lighthouse.md", "# Lighthouse\n\nThe lighthouse at Ellery Point shows two white flashes every ten seconds."),
    ];

    /// <summary>Publishes the notes and waits until each one's version is searchable; answers with their ids.</summary>
    public static async Task<IReadOnlyList<string>> PublishAsync(IngestionClient ingestion, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (id, text) in Notes)
        {
            versions[id] = (await ingestion.PutDocumentAsync(id, new DocumentChange("text/markdown", text), cancellationToken)).Version;
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        while (true)
        {
            var statuses = await ingestion.GetStatusesAsync(versions.Keys, patience.Token);
            if (statuses.Statuses.Count(s => s.Version >= versions[s.DocumentId] && s.Searchable == true) == versions.Count)
            {
                return [.. versions.Keys];
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), patience.Token);
        }
    }
}
