using Ingestion.Core.Documents;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene.Reading;

/// <summary>A <see cref="SearchFilter"/> as a Lucene filter over chunk documents (manifests never match).</summary>
internal static class LuceneFilters
{
    /// <summary>The filter, or null when it admits every chunk (the legs then skip filtering altogether).</summary>
    public static Filter? For(SearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.IsEmpty)
        {
            return null;
        }

        var query = new BooleanQuery { { new TermQuery(new Term(LuceneSchema.Kind, LuceneSchema.ChunkKind)), Occur.MUST } };
        if (filter.Readers is { } readers)
        {
            // One terms-in-set filter over the caller's terms: a caller in a thousand groups costs one pass over the
            // reader field's terms, not a thousand clauses (BooleanQuery would also stop at 1,024). No terms, no chunk.
            query.Add(
                readers.Count == 0 ? new TermQuery(new Term(LuceneSchema.Kind, "none")) : new ConstantScoreQuery(new TermsFilter(LuceneSchema.Reader, [.. readers.Distinct(StringComparer.Ordinal).Select(r => new BytesRef(r))])),
                Occur.MUST);
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
