using Ingestion.Index.Lucene;
using Ingestion.Index.Lucene.Lexical;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace Ingestion.Index.Tests.Lucene.Lexical;

/// <summary>
/// A term said many times is one clause per field weighted by its repeats, which scores exactly as the repeated
/// clauses did: a 1,000-character query of one word was ~400 clauses over one posting list (#23).
/// </summary>
public sealed class LexicalQueryTests
{
    [Fact]
    public void ARepeatedTermIsOneClausePerFieldWeightedByItsRepeats()
    {
        var query = new LexicalQuery([.. Enumerable.Repeat("data", 200), "gannet", "data"], tieBreaker: 0.3f);

        var clauses = query.Clauses.ToList();

        Assert.Equal(
            [("title", "data", 201), ("title", "gannet", 1), ("text", "data", 201), ("text", "gannet", 1)],
            clauses.Select(c => (c.InTitle ? "title" : "text", c.Term.Text, c.Repeats)));
    }

    [Fact]
    public void TheWeightedClausesScoreEveryChunkAsTheRepeatedClausesDid()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneSchema.Version, LuceneSchema.CreateAnalyzer()) { Similarity = LuceneSchema.CreateSimilarity() }))
        {
            foreach (var (title, text) in new[] { ("Data", "data about gannets and data"), ("Gannets", "gannet colonies"), ("Other", "nothing here"), ("Data sets", "data data data") })
            {
                writer.AddDocument([new TextField(LuceneSchema.Title, title, Field.Store.NO), new TextField(LuceneSchema.Text, text, Field.Store.NO)]);
            }
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader) { Similarity = LuceneSchema.CreateSimilarity() };
        string[] terms = ["data", "data", "data", "gannet", "data"];

        var weighted = searcher.Search(new LexicalQuery(terms, 0.3f).ToLuceneQuery(), 10).ScoreDocs;
        var repeated = searcher.Search(RepeatedClauses(terms, 0.3f), 10).ScoreDocs;

        Assert.Equal(repeated.Length, weighted.Length);
        Assert.All(repeated.Zip(weighted), pair =>
        {
            Assert.Equal(pair.First.Doc, pair.Second.Doc);
            Assert.Equal(pair.First.Score, pair.Second.Score, 4);
        });
    }

    /// <summary>The query as it was built before: one clause per term as said, repeats included.</summary>
    private static DisjunctionMaxQuery RepeatedClauses(string[] terms, float tieBreaker)
    {
        var title = new BooleanQuery();
        var text = new BooleanQuery();
        foreach (var term in terms)
        {
            title.Add(new TermQuery(new Term(LuceneSchema.Title, term)), Occur.SHOULD);
            text.Add(new TermQuery(new Term(LuceneSchema.Text, term)), Occur.SHOULD);
        }

        return new DisjunctionMaxQuery(tieBreaker) { title, text };
    }
}
