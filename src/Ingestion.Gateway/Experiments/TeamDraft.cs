namespace Ingestion.Gateway.Experiments;

/// <summary>
/// Team-draft interleaving (Radlinski, Kurup and Joachims, CIKM 2008): the two rankings take turns, the one with fewer
/// picks so far next (a coin decides a tie), each adding its best item not already shown; every item remembers the
/// arm that picked it, so a user's judgments credit the arm whose pick they judged. Neither arm's position is favoured.
/// </summary>
public static class TeamDraft
{
    public static (List<T> Merged, List<string> Arms) Merge<T>(IReadOnlyList<T> a, IReadOnlyList<T> b, Func<T, string> keyOf, int count, Random coin)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(keyOf);
        ArgumentNullException.ThrowIfNull(coin);
        var merged = new List<T>(count);
        var arms = new List<string>(count);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        int nextA = 0, nextB = 0, picksA = 0, picksB = 0;
        while (merged.Count < count)
        {
            SkipShown(a, ref nextA);
            SkipShown(b, ref nextB);
            var aLeft = nextA < a.Count;
            var bLeft = nextB < b.Count;
            if (!aLeft && !bLeft)
            {
                break;
            }

            var takeA = aLeft && (!bLeft || picksA < picksB || (picksA == picksB && coin.Next(2) == 0));
            var item = takeA ? a[nextA++] : b[nextB++];
            shown.Add(keyOf(item));
            merged.Add(item);
            arms.Add(takeA ? "A" : "B");
            _ = takeA ? picksA++ : picksB++;
        }

        return (merged, arms);

        void SkipShown(IReadOnlyList<T> list, ref int next)
        {
            while (next < list.Count && shown.Contains(keyOf(list[next])))
            {
                next++;
            }
        }
    }
}
