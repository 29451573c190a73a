namespace Ingestion.Client.Evaluation;

/// <summary>
/// Two configurations' figures on the same queries: the means, each query's difference (B − A), how many queries B
/// won, tied and lost, and the two-sided p-value of a paired randomisation test (Fisher's, as Smucker, Allan and
/// Carterette, CIKM 2007, recommend for IR): how often a random swap of A's and B's figure within each query gives a
/// mean difference at least as large as the one observed. A small p says the difference is unlikely to be chance.
/// </summary>
public sealed record PairedComparison(
    int Queries,
    double MeanA,
    double MeanB,
    double Delta,
    int Wins,
    int Ties,
    int Losses,
    double PValue,
    bool Exact,
    IReadOnlyDictionary<string, double> Differences)
{
    /// <summary>Queries with at most this many non-zero differences are tested exactly, by every sign assignment (2^n).</summary>
    public const int ExactUpTo = 20;

    /// <summary>Random sign assignments drawn otherwise; the p-value's standard error is then at most 0.0016.</summary>
    public const int Samples = 100_000;

    /// <summary>Differences below this are ties: figures computed two ways differ in the last bits.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>
    /// Compares <paramref name="b"/> with <paramref name="a"/> over the queries both have (a metric per query, such as
    /// nDCG@10 from <see cref="RetrievalMetrics"/>). Sampling is seeded, so the same figures always give the same p-value.
    /// </summary>
    public static PairedComparison Of(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b, int seed = 26)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var queries = a.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var differences = queries.ToDictionary(q => q, q => b[q] - a[q], StringComparer.Ordinal);
        var n = queries.Count;
        if (n == 0)
        {
            return new PairedComparison(0, 0, 0, 0, 0, 0, 0, 1, true, differences);
        }

        var d = queries.Select(q => differences[q]).ToArray();
        var wins = d.Count(x => x > Tolerance);
        var losses = d.Count(x => x < -Tolerance);
        var (p, exact) = PValue(d);
        return new PairedComparison(n, queries.Average(q => a[q]), queries.Average(q => b[q]), d.Average(), wins, n - wins - losses, losses, p, exact, differences);

        (double P, bool Exact) PValue(double[] all)
        {
            // A zero difference changes no sum whatever its sign: only the others are permuted.
            var nonZero = all.Where(x => Math.Abs(x) > Tolerance).ToArray();
            if (nonZero.Length == 0)
            {
                return (1, true);
            }

            var observed = Math.Abs(nonZero.Sum()) - Tolerance;
            if (nonZero.Length <= ExactUpTo)
            {
                long atLeast = 0;
                var assignments = 1L << nonZero.Length;
                for (long signs = 0; signs < assignments; signs++)
                {
                    atLeast += Math.Abs(SumWith(nonZero, signs)) >= observed ? 1 : 0;
                }

                return ((double)atLeast / assignments, true);
            }

            var random = new Random(seed);
            var count = 0;
            for (var i = 0; i < Samples; i++)
            {
                var sum = 0.0;
                foreach (var x in nonZero)
                {
                    sum += random.Next(2) == 0 ? x : -x;
                }

                count += Math.Abs(sum) >= observed ? 1 : 0;
            }

            // The observed assignment counts as one of the draws (Phipson and Smyth, 2010), so p is never 0.
            return ((count + 1.0) / (Samples + 1.0), false);
        }
    }

    private static double SumWith(double[] values, long signs)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += (signs & (1L << i)) == 0 ? values[i] : -values[i];
        }

        return sum;
    }
}
