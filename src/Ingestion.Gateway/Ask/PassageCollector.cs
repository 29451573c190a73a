using System.Text;
using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Ask;

/// <summary>
/// Turns a ranking of chunks into a ranking of passages: overlapping chunks of one document become one passage
/// (the model reads the shared text once), and text another document already gave verbatim is dropped.
/// </summary>
internal static class PassageCollector
{
    public static (List<PassageDraft> Passages, int Merged, int Duplicates) Collect(IReadOnlyList<FusedHit> hits)
    {
        var passages = new List<PassageDraft>();
        var seenTexts = new HashSet<string>(StringComparer.Ordinal);
        int merged = 0, duplicates = 0;
        foreach (var hit in hits)
        {
            var chunk = hit.Chunk;
            if (passages.FirstOrDefault(p => p.Overlaps(chunk)) is { } host)
            {
                host.Absorb(chunk);
                merged++;
                // The grown passage may now bridge to a later one of the same document.
                foreach (var bridged in passages.Where(p => p != host && host.Overlaps(p)).ToList())
                {
                    host.Absorb(bridged);
                    passages.Remove(bridged);
                    merged += bridged.ChunkIds.Count;
                }

                seenTexts.Add(Normalise(chunk.Text));
                continue;
            }

            if (!seenTexts.Add(Normalise(chunk.Text)))
            {
                duplicates++;
                continue;
            }

            passages.Add(new PassageDraft(chunk, hit.Score));
        }

        return (passages, merged, duplicates);
    }

    /// <summary>Case and runs of whitespace do not make two texts different.</summary>
    private static string Normalise(string text)
    {
        var normal = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                normal.Append(' ');
                space = false;
            }

            normal.Append(char.ToLowerInvariant(c));
        }

        return normal.ToString();
    }
}
