using Ingestion.Core.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Ingestion.Index.Lucene.Reading;

/// <summary>A <see cref="SearchFilter"/> as a Lucene filter over chunk documents (manifests never match).</summary>
internal static class LuceneFilters
{
    /// <summary>
    /// The filter, or null when it admits every chunk (the legs then skip filtering altogether). A caller's reader terms
    /// are one terms-in-set filter (a caller in a thousand groups costs one pass over the reader field's terms, not a
    /// thousand clauses, which BooleanQuery would also refuse past 1,024), cached per segment by <paramref name="readers"/>;
    /// alone, it is the filter itself, whose bit set the legs read at random.
    /// </summary>
    public static Filter? For(SearchFilter filter, ReaderFilterCache readers)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(readers);
        if (filter.IsEmpty)
        {
            return null;
        }

        // No terms, no chunk.
        Filter? permitted = filter.Readers is { } terms ? terms.Count == 0 ? new QueryWrapperFilter(new TermQuery(new Term(LuceneSchema.Kind, "none"))) : readers.For(terms) : null;
        if (permitted is not null && (filter with { Readers = null }).IsEmpty)
        {
            return permitted;
        }

        var query = new BooleanQuery { { new TermQuery(new Term(LuceneSchema.Kind, LuceneSchema.ChunkKind)), Occur.MUST } };
        if (permitted is not null)
        {
            query.Add(new ConstantScoreQuery(permitted), Occur.MUST);
        }

        if (filter.AnyTags.Count > 0)
        {
            query.Add(AnyOf(LuceneSchema.Tag, filter.AnyTags), Occur.MUST);
        }

        foreach (var tag in filter.AllTags)
        {
            query.Add(new TermQuery(new Term(LuceneSchema.Tag, tag)), Occur.MUST);
        }

        if (filter.ContentTypes.Count > 0)
        {
            query.Add(AnyOf(LuceneSchema.ContentType, [.. filter.ContentTypes.Select(MediaTypes.Essence)]), Occur.MUST);
        }

        if (!string.IsNullOrEmpty(filter.DocumentIdPrefix))
        {
            query.Add(new PrefixQuery(new Term(LuceneSchema.DocumentId, filter.DocumentIdPrefix)), Occur.MUST);
        }

        if (filter.UpdatedAfter is { } after)
        {
            query.Add(NumericRangeQuery.NewInt64Range(LuceneSchema.Updated, after.ToUnixTimeMilliseconds(), long.MaxValue, minInclusive: false, maxInclusive: true), Occur.MUST);
        }

        return new QueryWrapperFilter(query);
    }

    private static BooleanQuery AnyOf(string field, IEnumerable<string> values)
    {
        var any = new BooleanQuery();
        foreach (var value in values)
        {
            any.Add(new TermQuery(new Term(field, value)), Occur.SHOULD);
        }

        return any;
    }
}
