using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Ingestion.Index.Lucene.Lexical;

/// <summary>
/// A lexical query as analysed terms with best_fields semantics: a chunk scores the better of its title match and its
/// text match (each the sum of its terms' BM25 scores) plus the tie breaker's share of the other. Built from analysed
/// terms rather than query syntax, so no user input can be a syntax error. Searched either as Lucene's own
/// <see cref="DisjunctionMaxQuery"/> or by <see cref="MaxScoreLexicalSearch"/>, which ranks the same scores.
/// </summary>
internal sealed class LexicalQuery(IReadOnlyList<string> terms, float tieBreaker)
{
    /// <summary>
    /// One clause per field and term: every title clause, then every text clause; the terms in query order, repeats
    /// kept (a repeated term counts twice, as in Lucene's query).
    /// </summary>
    public IEnumerable<(Term Term, bool InTitle)> Clauses =>
        terms.Select(t => (new Term(LuceneSchema.Title, t), true)).Concat(terms.Select(t => (new Term(LuceneSchema.Text, t), false)));

    public DisjunctionMaxQuery ToLuceneQuery()
    {
        var titleQuery = new BooleanQuery();
        var textQuery = new BooleanQuery();
        foreach (var (term, inTitle) in Clauses)
        {
            (inTitle ? titleQuery : textQuery).Add(new TermQuery(term), Occur.SHOULD);
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
