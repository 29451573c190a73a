using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Ingestion.Index.Lucene.Lexical;

/// <summary>
/// The best k chunks for a <see cref="LexicalQuery"/>, with the same scores and order as Lucene's own search of it, but
/// without scoring every chunk that matches one of its terms: MaxScore (Turtle and Flood, 1995), which Lucene 8 and
/// later use and Lucene.Net 4.8 lacks. Each clause (a term in a field) has an upper bound, its BM25 weight × (k1 + 1);
/// once k chunks are held, the clauses with the smallest bounds whose bounds together do not exceed the k-th best
/// score cannot lift a chunk into the top k alone, so only chunks that match one of the other clauses are candidates,
/// and the small clauses are only looked up (skipped to) for those. Common terms have the smallest bounds and the
/// longest postings, which are then mostly skipped. The bound of a chunk's best_fields score is the sum of its
/// clauses' scores, so pruning by sums is safe: no chunk that belongs in the top k is ever pruned.
/// </summary>
internal static class MaxScoreLexicalSearch
{
    /// <summary>The best <paramref name="count"/> chunks among those <paramref name="restriction"/> admits (all, when null).</summary>
    public static ScoreDoc[] Search(IndexSearcher searcher, LexicalQuery query, int count, Filter? restriction = null)
    {
        if (count <= 0)
        {
            return [];
        }

        // The bounds below are BM25's, the similarity every searcher of the index is given (LuceneSchema.CreateSimilarity).
        // One weight per clause, normalised as inside Lucene's query (BM25 applies no query norm; the boost is the
        // term's repeats), ordered by bound, smallest first.
        var clauses = query.Clauses
            .Select(c => (Weight: searcher.CreateNormalizedWeight(LexicalQuery.ClauseQuery(c.Term, c.Repeats)), c.InTitle, c.Term))
            .Select(c => new Clause(c.Weight, c.InTitle, BoundOf(c.Weight, LuceneSchema.Bm25Of(searcher.Similarity, c.Term.Field))))
            .OrderBy(c => c.Bound)
            .ToArray();
        var best = new TopChunks(count);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            if (TryAdmitted(leaf, restriction, out var admitted))
            {
                SearchSegment(leaf, admitted, clauses, query, best);
            }
        }

        return best.Descending();
    }

    /// <summary>
    /// A BM25 clause scores weight × (k1 + 1) × tf / (tf + k1 × length norm), below weight × (k1 + 1) for any tf and
    /// length. The weight is idf × boost, whose square Lucene hands out for query normalisation. The margin covers the
    /// float rounding of both sides.
    /// </summary>
    private static double BoundOf(Weight weight, BM25Similarity similarity) =>
        Math.Sqrt(weight.GetValueForNormalization()) * (similarity.K1 + 1) * (1 + 1e-5);

    /// <summary>
    /// The documents of a segment a search may score, as bits read at random (the scorers skip the others as they skip
    /// deleted ones): its live documents, or those the filter admits among them, as a bit set where the filter's own
    /// set cannot be read at random (null: every document). False when the filter admits none.
    /// </summary>
    private static bool TryAdmitted(global::Lucene.Net.Index.AtomicReaderContext leaf, Filter? restriction, out IBits? admitted)
    {
        admitted = leaf.AtomicReader.LiveDocs;
        if (restriction is null)
        {
            return true;
        }

        var set = restriction.GetDocIdSet(leaf, admitted);
        if (set?.GetIterator() is not { } iterator)
        {
            return false;
        }

        if (set.Bits is { } bits)
        {
            admitted = bits;
            return true;
        }

        var materialised = new FixedBitSet(leaf.AtomicReader.MaxDoc);
        materialised.Or(iterator);
        admitted = materialised;
        return true;
    }

    private static void SearchSegment(global::Lucene.Net.Index.AtomicReaderContext leaf, IBits? admitted, Clause[] clauses, LexicalQuery query, TopChunks best)
    {
        var scorers = new List<(Scorer Scorer, bool InTitle, double Bound)>(clauses.Length);
        foreach (var clause in clauses)
        {
            if (clause.Weight.GetScorer(leaf, admitted) is { } scorer)
            {
                scorers.Add((scorer, clause.InTitle, clause.Bound));
            }
        }

        var n = scorers.Count;
        if (n == 0)
        {
            return;
        }

        var docs = new int[n];
        var upTo = new double[n]; // upTo[i]: the bounds of clauses 0..i together
        for (var i = 0; i < n; i++)
        {
            docs[i] = scorers[i].Scorer.NextDoc();
            upTo[i] = scorers[i].Bound + (i > 0 ? upTo[i - 1] : 0);
        }

        // Clauses below `essential` cannot reach the k-th best score together: candidates come from the others.
        var threshold = best.Threshold;
        var essential = EssentialFrom(upTo, threshold);
        while (essential < n)
        {
            var candidate = DocIdSetIterator.NO_MORE_DOCS;
            for (var i = essential; i < n; i++)
            {
                candidate = Math.Min(candidate, docs[i]);
            }

            if (candidate == DocIdSetIterator.NO_MORE_DOCS)
            {
                return;
            }

            double title = 0, text = 0;
            for (var i = essential; i < n; i++)
            {
                if (docs[i] == candidate)
                {
                    Add(scorers[i], ref title, ref text);
                    docs[i] = scorers[i].Scorer.NextDoc();
                }
            }

            // The small clauses, largest bound first, while they could still lift the candidate past the threshold.
            var pruned = false;
            for (var i = essential - 1; i >= 0; i--)
            {
                if (title + text + upTo[i] <= threshold)
                {
                    pruned = true;
                    break;
                }

                if (docs[i] < candidate)
                {
                    docs[i] = scorers[i].Scorer.Advance(candidate);
                }

                if (docs[i] == candidate)
                {
                    Add(scorers[i], ref title, ref text);
                }
            }

            if (pruned)
            {
                continue;
            }

            if (best.Offer(leaf.DocBase + candidate, query.Combine((float)title, (float)text)) && best.Threshold > threshold)
            {
                threshold = best.Threshold;
                essential = EssentialFrom(upTo, threshold);
            }
        }
    }

    private static void Add((Scorer Scorer, bool InTitle, double Bound) clause, ref double title, ref double text)
    {
        if (clause.InTitle)
        {
            title += clause.Scorer.GetScore();
        }
        else
        {
            text += clause.Scorer.GetScore();
        }
    }

    /// <summary>The first clause whose bound, with those of every smaller clause, exceeds the threshold.</summary>
    private static int EssentialFrom(double[] upTo, double threshold)
    {
        var essential = 0;
        while (essential < upTo.Length && upTo[essential] <= threshold)
        {
            essential++;
        }

        return essential;
    }

    private sealed record Clause(Weight Weight, bool InTitle, double Bound);

    /// <summary>
    /// The k best (doc, score) offered, in Lucene's order: higher score first, the lower doc id among equal scores (docs
    /// come in id order, so a later doc with a score equal to the k-th best is not taken, as Lucene's collector does).
    /// </summary>
    private sealed class TopChunks(int capacity)
    {
        private static readonly Comparer<(float Score, int Doc)> WeakestFirst =
            Comparer<(float Score, int Doc)>.Create((a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Doc.CompareTo(a.Doc));

        private readonly PriorityQueue<int, (float Score, int Doc)> _heap = new(capacity + 1, WeakestFirst);

        /// <summary>The score a chunk must exceed to be taken: the k-th best once k are held, below any score before.</summary>
        public double Threshold { get; private set; } = double.NegativeInfinity;

        public bool Offer(int doc, float score)
        {
            if (_heap.Count < capacity)
            {
                _heap.Enqueue(doc, (score, doc));
            }
            else if (score > Threshold)
            {
                _heap.EnqueueDequeue(doc, (score, doc));
            }
            else
            {
                return false;
            }

            if (_heap.Count == capacity)
            {
                _heap.TryPeek(out _, out var weakest);
                Threshold = weakest.Score;
            }

            return true;
        }

        public ScoreDoc[] Descending()
        {
            var kept = new ScoreDoc[_heap.Count];
            for (var i = kept.Length - 1; _heap.TryDequeue(out var doc, out var priority); i--)
            {
                kept[i] = new ScoreDoc(doc, priority.Score);
            }

            return kept;
        }
    }
}
