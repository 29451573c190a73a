using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Ingestion.Index.Lucene.Lexical;

/// <summary>
/// A lexical query as analysed terms with best_fields semantics: a chunk scores the better of its title match and its
/// text match (each the sum of its terms' BM25 scores) plus the tie breaker's share of the other. Built from analysed
/// terms rather than query syntax, so no user input can be a syntax error. Searched either as Lucene's own
/// <see cref="DisjunctionMaxQuery"/> or by <see cref="MaxScoreLexicalSearch"/>, which ranks the same scores. The fields
/// are a chunk's unless <see cref="LexicalFields"/> says otherwise.
/// </summary>
internal sealed class LexicalQuery(IReadOnlyList<string> terms, float tieBreaker, LexicalFields? fields = null)
{
    private readonly LexicalFields _fields = fields ?? LexicalFields.Chunk;

    /// <summary>
    /// One clause per field and distinct term: every title clause, then every text clause, the terms in the order they
    /// first appear. A term said n times counts n times, as one clause weighted n (BM25 multiplies a clause's score by
    /// its boost, and sums the clauses of a query): a query of one word said 400 times is two clauses, not 800 walks
    /// of the same postings.
    /// </summary>
    public IEnumerable<(Term Term, bool InTitle, int Repeats)> Clauses
    {
        get
        {
            var distinct = terms.CountBy(t => t, StringComparer.Ordinal).ToList();
            return distinct.Select(t => (new Term(_fields.Title, t.Key), true, t.Value))
                .Concat(distinct.Select(t => (new Term(_fields.Text, t.Key), false, t.Value)));
        }
    }

    /// <summary>A clause as Lucene's query: the term, boosted by its repeats.</summary>
    public static TermQuery ClauseQuery(Term term, int repeats) => new(term) { Boost = repeats };

    public DisjunctionMaxQuery ToLuceneQuery()
    {
        var titleQuery = new BooleanQuery();
        var textQuery = new BooleanQuery();
        foreach (var (term, inTitle, repeats) in Clauses)
        {
            (inTitle ? titleQuery : textQuery).Add(ClauseQuery(term, repeats), Occur.SHOULD);
        }

        return new DisjunctionMaxQuery(tieBreaker) { titleQuery, textQuery };
    }

    /// <summary>How a chunk's title and text sums combine, exactly as Lucene's disjunction-max scorer combines them.</summary>
    public float Combine(float title, float text)
    {
        var best = Math.Max(title, text);
        return best + ((title + text - best) * tieBreaker);
    }
}
