using System.Globalization;
using System.Text.Json;
using Ingestion.Cli.Evaluation;
using Ingestion.Client.Evaluation;

namespace Ingestion.Cli.Tests;

/// <summary>Our metrics against the reference evaluator, trec_eval.py, on the same files.</summary>
public sealed class RetrievalMetricsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingest-metrics-").FullName;

    [Fact]
    public void HandComputedExampleOfTheReferenceScriptIsReproduced()
    {
        // trec_eval.py's self-test: q1 ranks d3 (label 0), d1 (2), d5 (unjudged), d2 (1); d4 (1) is never retrieved.
        var judged = new Dictionary<string, int> { ["d1"] = 2, ["d2"] = 1, ["d3"] = 0, ["d4"] = 1 };
        var q1 = RetrievalMetrics.Score(judged, ["d3", "d1", "d5", "d2"]);
        Assert.Equal(0.540586, q1.NdcgAt10, 6);
        Assert.Equal(2.0 / 3, q1.RecallAt100, 12);
        Assert.Equal(0.5, q1.MrrAt10, 12);
        Assert.Equal(1.0 / 3, q1.MapAt100, 12);
    }

    [Fact]
    public void TiesAreBrokenByDocumentIdDescendingAsTrecEvalDoes()
    {
        var ranking = RetrievalMetrics.Rank(new Dictionary<string, double> { ["d5"] = 0.5, ["d6"] = 0.5, ["d1"] = 0.9 });
        Assert.Equal(["d1", "d6", "d5"], ranking);
    }

    [Fact]
    public async Task FiguresAgreeWithTrecEvalPyOnARunWithTiesGradedLabelsAndMissingQueries()
    {
        var random = new Random(7);
        var qrels = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        var run = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        for (var q = 0; q < 40; q++)
        {
            var query = $"q{q}";
            var judged = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var d in Enumerable.Range(0, random.Next(1, 8)))
            {
                judged[$"d{random.Next(150)}"] = q == 3 ? 0 : random.Next(0, 3); // q3 has no relevant document: skipped by both
            }

            qrels[query] = judged;
            if (q % 9 == 4)
            {
                continue; // judged but absent from the run: scores 0 in both
            }

            // Scores with one decimal, so ties are common; 120 documents so the cut at 100 matters.
            run[query] = Enumerable.Range(0, 150).OrderBy(_ => random.Next()).Take(120)
                .ToDictionary(d => $"d{d}", _ => Math.Round(random.NextDouble(), 1), StringComparer.Ordinal);
        }

        var qrelsPath = Path.Combine(_folder, "qrels.tsv");
        await File.WriteAllLinesAsync(qrelsPath, ["query-id\tcorpus-id\tscore", .. qrels.SelectMany(q => q.Value.Select(j => $"{q.Key}\t{j.Key}\t{j.Value}"))]);
        var runPath = Path.Combine(_folder, "run.trec");
        await TrecRun.WriteAsync(runPath, run, "test", CancellationToken.None);

        var ours = RetrievalMetrics.Evaluate(BeirDataset.LoadQrels(qrelsPath), run);
        var reference = await TrecEval.RunAsync(qrelsPath, runPath);

        var mean = reference.GetProperty("mean");
        Assert.Equal(mean.GetProperty("num_queries").GetInt32(), ours.Queries);
        AssertAgree(mean, ours.Mean, "mean");
        var perQuery = reference.GetProperty("per_query");
        Assert.Equal(perQuery.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), ours.PerQuery.Keys.Order(StringComparer.Ordinal));
        foreach (var query in perQuery.EnumerateObject())
        {
            AssertAgree(query.Value, ours.PerQuery[query.Name], query.Name);
        }

        Assert.InRange(ours.Mean.NdcgAt10, 0.01, 0.99); // the fixture really exercises the figures
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertAgree(JsonElement reference, MetricSet ours, string what)
    {
        foreach (var (name, value) in new[] { ("nDCG@10", ours.NdcgAt10), ("Recall@100", ours.RecallAt100), ("MRR@10", ours.MrrAt10), ("MAP@100", ours.MapAt100) })
        {
            var expected = reference.GetProperty(name).GetDouble();
            Assert.True(Math.Abs(expected - value) < 1e-9, string.Create(CultureInfo.InvariantCulture, $"{what} {name}: trec_eval.py {expected}, ours {value}"));
        }
    }
}
