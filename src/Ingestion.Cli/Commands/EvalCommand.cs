using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ingestion.Cli.Evaluation;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest eval --dataset DIR</c>: retrieval quality on a BEIR dataset, through the gateway, per mode.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var dataset = new Option<string>("--dataset") { Description = "A folder in BEIR layout: corpus.jsonl, queries.jsonl, qrels.tsv.", Required = true };
        var modes = new Option<string>("--modes") { Description = "Comma-separated modes to evaluate: bm25, dense, hybrid (the gateway's default fusion), hybrid-cc, hybrid-rrf.", DefaultValueFactory = _ => "bm25,dense,hybrid-cc,hybrid-rrf" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (and no progress)." };
        var runs = new Option<string?>("--runs") { Description = "Write a TREC run file per mode (and per-query figures) into this folder." };
        var prefix = new Option<string?>("--id-prefix") { Description = "Prefix of the corpus's document ids in the index (default: beir/DATASET/)." };
        var timeout = CommonOptions.Timeout();
        var parallel = CommonOptions.Parallel();
        var command = new Command("eval", "Ingest a BEIR dataset and report nDCG@10, Recall@100 and MRR@10 per search mode.") { dataset, modes, json, runs, prefix, timeout, parallel };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var chosen = ParseModes(parsed.GetValue(modes)!);
            var data = BeirDataset.Load(parsed.GetValue(dataset)!);
            var asJson = parsed.GetValue(json);
            var settings = new EvaluationSettings(
                parsed.GetValue(prefix) ?? $"beir/{data.Name}/",
                parsed.GetValue(parallel),
                parsed.GetValue(timeout),
                parsed.GetValue(runs));
            using var gateway = CliContext.Gateway(parsed);
            context.ShowProgress = !asJson;
            var report = await new EvaluationRunner(context, gateway).RunAsync(data, chosen, settings, cancellationToken);
            if (asJson)
            {
                context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Indented));
            }
            else
            {
                Print(context, report);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The modes asked for, each known and named once; an unknown one is an error naming the known ones.</summary>
    public static IReadOnlyList<string> ParseModes(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var modes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToLowerInvariant()).Distinct().ToList();
        var known = SearchCommand.Modes.Concat(SearchCommand.FusionMethods.Select(f => $"hybrid-{f}")).ToList();
        var unknown = modes.FirstOrDefault(m => !known.Contains(m));
        if (unknown is not null || modes.Count == 0)
        {
            throw new CliException($"Unknown mode '{unknown ?? value}'; use one or more of {string.Join(", ", known)}.");
        }

        return modes;
    }

    private static void Print(CliContext context, EvaluationReport report)
    {
        context.Console.MarkupLineInterpolated($"{report.Dataset}: {report.Documents} documents ({report.DocumentsFailed} not indexed), ingested in {report.IngestSeconds:F0} s; the top 100 documents of each query's grouped search scored.");
        var table = new Table().AddColumns("mode", "nDCG@10", "Recall@100", "MRR@10", "MAP@100", "queries", "refused", "seconds");
        foreach (var (mode, figures) in report.Modes)
        {
            table.AddRow(
                mode,
                F(figures.NdcgAt10),
                F(figures.RecallAt100),
                F(figures.MrrAt10),
                F(figures.MapAt100),
                figures.Queries.ToString(CultureInfo.InvariantCulture),
                figures.Refused.ToString(CultureInfo.InvariantCulture),
                figures.QuerySeconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        context.Console.Write(table);
        static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
    }
}
