using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ingestion.Cli.Evaluation;
using Ingestion.Client.Evaluation;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest compare A B --judgments NAME</c>: two search configurations on the same judged queries, query by query,
/// with wins, ties and losses and a paired randomisation test's p-value, so a team can tell a real change from noise.
/// </summary>
internal static class CompareCommand
{
    private static readonly string[] Metrics = ["ndcg@10", "recall@100", "mrr@10", "map@100"];

    public static Command Create(CliContext context)
    {
        var a = new Argument<string>("A") { Description = "The baseline: a mode (bm25, dense, hybrid, hybrid-cc, hybrid-rrf) or settings such as mode=hybrid,window=500,bm25Weight=0.4." };
        var b = new Argument<string>("B") { Description = "The configuration compared with it, written the same way." };
        var judgments = new Option<string?>("--judgments") { Description = "A judgment set the gateway keeps." };
        var dataset = new Option<string?>("--dataset") { Description = "A BEIR folder whose corpus ingest eval already ingested (under --id-prefix)." };
        var prefix = new Option<string?>("--id-prefix") { Description = "Prefix of the judged documents' ids in the index (default: beir/DATASET/ for a dataset); for a judgment set, whose ids are the index's, it only narrows the search." };
        var metric = new Option<string>("--metric") { Description = "The figure compared: ndcg@10, recall@100, mrr@10 or map@100.", DefaultValueFactory = _ => "ndcg@10" };
        var json = new Option<bool>("--json") { Description = "Print the comparison, per-query differences included, as JSON." };
        var timeout = CommonOptions.Timeout();
        var parallel = CommonOptions.Parallel();
        var command = new Command("compare", "Compare two search configurations on judged queries: per-query differences, wins/ties/losses and a paired randomisation test.") { a, b, judgments, dataset, prefix, metric, json, timeout, parallel };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var chosen = parsed.GetValue(metric)!.ToLowerInvariant();
            if (!Metrics.Contains(chosen))
            {
                throw new CliException($"Unknown metric '{chosen}'; use one of {string.Join(", ", Metrics)}.");
            }

            var (baseline, candidate) = (SearchConfiguration.Parse(parsed.GetValue(a)!), SearchConfiguration.Parse(parsed.GetValue(b)!));
            var (set, folder) = (parsed.GetValue(judgments), parsed.GetValue(dataset));
            if ((set is null) == (folder is null))
            {
                throw new CliException("Give either --judgments NAME (a set the gateway keeps) or --dataset DIR (a BEIR folder already ingested).");
            }

            using var gateway = CliContext.Gateway(parsed);
            var judged = set is not null ? await JudgmentsCommand.LoadAsync(gateway, set, cancellationToken) : JudgedQueries.Of(BeirDataset.LoadJudged(folder!), Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder!))));
            var idPrefix = parsed.GetValue(prefix) ?? (folder is null ? string.Empty : $"beir/{judged.Name}/");
            var asJson = parsed.GetValue(json);
            context.ShowProgress = !asJson;
            var runner = new EvaluationRunner(context, gateway);
            // A dataset's ids are the index's without the prefix; a kept set's are the index's own, which the prefix only narrows.
            var settings = new EvaluationSettings(idPrefix, parsed.GetValue(parallel), parsed.GetValue(timeout), RunsFolder: null, PrefixIsTheIndexs: folder is not null);
            var first = (await runner.ScoreAsync(judged, baseline, settings, cancellationToken)).Scores;
            var second = (await runner.ScoreAsync(judged, candidate, settings, cancellationToken)).Scores;
            var comparison = PairedComparison.Of(Figure(first, chosen), Figure(second, chosen));
            if (asJson)
            {
                context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { judgments = judged.Name, metric = chosen, a = baseline.Name, b = candidate.Name, comparison }, JsonOutput.Indented));
                return 0;
            }

            Print(context, judged.Name, chosen, baseline.Name, candidate.Name, comparison);
            return 0;
        });
        return command;
    }

    /// <summary>Each query's value of the chosen metric.</summary>
    private static Dictionary<string, double> Figure(RunScores scores, string metric) =>
        scores.PerQuery.ToDictionary(
            q => q.Key,
            q => metric switch
            {
                "recall@100" => q.Value.RecallAt100,
                "mrr@10" => q.Value.MrrAt10,
                "map@100" => q.Value.MapAt100,
                _ => q.Value.NdcgAt10,
            },
            StringComparer.Ordinal);

    private static void Print(CliContext context, string set, string metric, string a, string b, PairedComparison comparison)
    {
        static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("configuration", metric);
        table.AddRow(Markup.Escape($"A  {a}"), F(comparison.MeanA));
        table.AddRow(Markup.Escape($"B  {b}"), F(comparison.MeanB));
        context.Console.Write(table);
        var verdict = comparison.PValue < 0.05 ? "a difference unlikely to be chance (p < 0.05)" : "no difference that chance would not explain (p ≥ 0.05)";
        context.Console.MarkupLineInterpolated(
            $"{set}, {comparison.Queries} queries: B − A = {comparison.Delta.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)}; B wins {comparison.Wins}, ties {comparison.Ties}, loses {comparison.Losses}; paired randomisation test p = {comparison.PValue.ToString("0.0000", CultureInfo.InvariantCulture)}{(comparison.Exact ? " (exact)" : "")}: {verdict}.");
    }
}
