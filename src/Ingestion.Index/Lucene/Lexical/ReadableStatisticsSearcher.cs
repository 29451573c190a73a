using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Ingestion.Index.Lucene.Lexical;

/// <summary>
/// A searcher of one caller whose BM25 statistics are counted over the chunks that caller may read alone: how many
/// there are, how long a field is on average, how many hold a term and how often. With the whole index's statistics
/// (Lucene's own, and Elasticsearch's), a caller who may also write could read from its own documents' scores how
/// common a word is in documents it may not read. Scores and their order are otherwise BM25's as Lucene 4.8 computes
/// it: a field's average length over all chunks (<c>maxDoc</c>), here the readable ones.
/// </summary>
/// <param name="searcher">The snapshot's searcher, whose reader and similarity this one uses.</param>
/// <param name="readable">The chunks the caller may read (its reader filter, cached per segment).</param>
/// <param name="fields">Field statistics per segment and caller, kept across searches.</param>
internal sealed class ReadableStatisticsSearcher(IndexSearcher searcher, Filter readable, ReadableFieldStatistics fields)
    : IndexSearcher(searcher.IndexReader)
{
    /// <summary>The similarity is the snapshot searcher's; set once, as a field initialiser cannot reach the base's property.</summary>
    public static ReadableStatisticsSearcher Of(IndexSearcher searcher, Filter readable, ReadableFieldStatistics fields) =>
        new(searcher, readable, fields) { Similarity = searcher.Similarity };

    /// <summary>The term's chunks and occurrences among the readable ones: its postings, stepped together with the readable set.</summary>
    public override TermStatistics TermStatistics(Term term, TermContext context)
    {
        ArgumentNullException.ThrowIfNull(term);
        var (documents, occurrences) = (0L, 0L);
        foreach (var leaf in IndexReader.Leaves)
        {
            if (leaf.AtomicReader.GetTermDocsEnum(term) is not { } postings || Readable(leaf) is not { } admitted)
            {
                continue;
            }

            var doc = postings.NextDoc();
            var next = admitted.NextDoc();
            while (doc != DocIdSetIterator.NO_MORE_DOCS && next != DocIdSetIterator.NO_MORE_DOCS)
            {
                if (doc < next)
                {
                    doc = postings.Advance(next);
                }
                else if (next < doc)
                {
                    next = admitted.Advance(doc);
                }
                else
                {
                    documents++;
                    occurrences += postings.Freq;
                    (doc, next) = (postings.NextDoc(), admitted.NextDoc());
                }
            }
        }

        return new TermStatistics(term.Bytes, documents, occurrences);
    }

    /// <summary>The readable chunks, those with the field, and the field's length over them, summed over the segments.</summary>
    public override CollectionStatistics CollectionStatistics(string field)
    {
        var (chunks, withField, length) = (0L, 0L, 0d);
        foreach (var leaf in IndexReader.Leaves)
        {
            var counts = fields.Of(leaf, readable, field, () => Readable(leaf));
            (chunks, withField, length) = (chunks + counts.Chunks, withField + counts.WithField, length + counts.Length);
        }

        // BM25 divides by maxDoc: a caller who may read nothing still gets a defined (unused) average.
        return new CollectionStatistics(field, Math.Max(1, chunks), withField, -1, (long)Math.Round(length));
    }

    /// <summary>The live chunks of a segment the caller may read, as an iterator; null when none.</summary>
    private DocIdSetIterator? Readable(AtomicReaderContext leaf) =>
        readable.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator();
}
