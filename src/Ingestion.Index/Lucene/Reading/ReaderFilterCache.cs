using System.Collections.Concurrent;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene.Reading;

/// <summary>
/// The permission filter of each set of reader terms a caller searches with, kept so that its per-segment bit set is
/// computed once: Lucene's <see cref="CachingWrapperFilter"/> caches one per segment core (deletions are applied on
/// top, and a commit adds only its new segments). Without it every search of a caller in a thousand groups looked up
/// a thousand terms in every segment, twice (once per leg). A bit set per segment is one bit per document: at a
/// million chunks 125 KB per caller, so at most <see cref="Capacity"/> callers' filters are kept.
/// </summary>
internal sealed class ReaderFilterCache
{
    private const int Capacity = 128;
    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    /// <summary>A filter admitting the chunks whose documents name one of <paramref name="terms"/> (never empty).</summary>
    public Filter For(IReadOnlyList<string> terms)
    {
        // A caller's terms come sorted and distinct already (the gateway's Caller); only others are put in order.
        var distinct = IsOrderedSet(terms) ? terms : terms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var key = string.Join('\n', distinct);
        if (_filters.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_filters.Count >= Capacity)
        {
            // Simpler than least-recently-used and as bounded: the callers searching now are cached again at once.
            _filters.Clear();
        }

        // Only chunks index the reader field (manifests store theirs), so this admits chunks alone.
        return _filters.GetOrAdd(key, _ => new CachingWrapperFilter(new TermsFilter(LuceneSchema.Reader, [.. distinct.Select(t => new BytesRef(t))])));
    }

    private static bool IsOrderedSet(IReadOnlyList<string> terms)
    {
        for (var i = 1; i < terms.Count; i++)
        {
            if (string.CompareOrdinal(terms[i - 1], terms[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
