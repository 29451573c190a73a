using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ingestion.Cli.Evaluation;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest eval --dataset DIR</c>: retrieval quality on a BEIR dataset (ingested first), through the gateway, per
/// mode; <c>ingest eval --judgments NAME</c>: on a judgment set the gateway keeps, over the index as it is.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var dataset = new Option<string?>("--dataset") { Description = "A folder in BEIR layout: corpus.jsonl, queries.jsonl, qrels.tsv; its corpus is ingested first." };
        var judgments = new Option<string?>("--judgments") { Description = "A judgment set the gateway keeps (ingest judgments list), evaluated over the index as it is." };
        var modes = new Option<string>("--modes") { Description = "Semicolon-separated configurations: bm25, dense, hybrid (the gateway's defaults), hybrid-cc, hybrid-rrf, or settings such as mode=hybrid,window=500.", DefaultValueFactory = _ => "bm25;dense;hybrid-cc;hybrid-rrf" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (and no progress)." };
        var runs = new Option<string?>("--runs") { Description = "Write a TREC run file per mode (and per-query figures) into this folder." };
        var prefix = new Option<string?>("--id-prefix") { Description = "Prefix of the judged documents' ids in the index (default: beir/DATASET/ for a dataset); for a judgment set, whose ids are the index's, it only narrows the search." };
        var timeout = CommonOptions.Timeout();
        var parallel = CommonOptions.Parallel();
        var command = new Command("eval", "Ingest a BEIR dataset and report nDCG@10, Recall@100 and MRR@10 per search mode.") { dataset, judgments, modes, json, runs, prefix, timeout, parallel };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var chosen = ParseModes(parsed.GetValue(modes)!);
            var (folder, set) = (parsed.GetValue(dataset), parsed.GetValue(judgments));
            if ((folder is null) == (set is null))
            {
                throw new CliException("Give either --dataset DIR (a BEIR folder, ingested first) or --judgments NAME (a set the gateway keeps).");
            }

            var asJson = parsed.GetValue(json);
            using var gateway = CliContext.Gateway(parsed);
            context.ShowProgress = !asJson;
            var runner = new EvaluationRunner(context, gateway);
            EvaluationReport report;
            if (folder is not null)
            {
                var data = BeirDataset.Load(folder);
                report = await runner.RunAsync(data, chosen, Settings(parsed.GetValue(prefix) ?? $"beir/{data.Name}/"), cancellationToken);
            }
            else
            {
                var judged = await JudgmentsCommand.LoadAsync(gateway, set!, cancellationToken);
                // A kept set's judgments name documents by their ids in the index: the prefix only narrows the search.
                report = new EvaluationReport(judged.Name, 0, 0, 0, await runner.EvaluateAsync(judged, [.. chosen.Select(SearchConfiguration.Parse)], Settings(parsed.GetValue(prefix) ?? string.Empty) with { PrefixIsTheIndexs = false }, cancellationToken));
            }
            if (asJson)
            {
                context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Indented));
            }
            else
            {
                Print(context, report);
            }

            return 0;

            EvaluationSettings Settings(string idPrefix) => new(idPrefix, parsed.GetValue(parallel), parsed.GetValue(timeout), parsed.GetValue(runs));
        });
        return command;
    }

    /// <summary>
    /// The configurations asked for, each named once: separated by ';' (or by ',' where none holds settings, as mode
    /// lists were written); an unknown one is an error naming the known modes.
    /// </summary>
    public static IReadOnlyList<string> ParseModes(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var separator = value.Contains('=', StringComparison.Ordinal) ? ';' : value.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        var modes = value.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var known = SearchCommand.Modes.Concat(SearchCommand.FusionMethods.Select(f => $"hybrid-{f}")).ToList();
        var unknown = modes.FirstOrDefault(m => !m.Contains('=', StringComparison.Ordinal) && !known.Contains(m));
        if (unknown is not null || modes.Count == 0)
        {
            throw new CliException($"Unknown mode '{unknown ?? value}'; use one or more of {string.Join(", ", known)}, or settings such as mode=hybrid,window=500.");
        }

        foreach (var mode in modes)
        {
            SearchConfiguration.Parse(mode);
        }

        return modes;
    }

    private static void Print(CliContext context, EvaluationReport report)
    {
        if (report.Documents > 0)
        {
            context.Console.MarkupLineInterpolated($"{report.Dataset}: {report.Documents} documents ({report.DocumentsFailed} not indexed), ingested in {report.IngestSeconds:F0} s; the top 100 documents of each query's grouped search scored.");
        }
        else
        {
            context.Console.MarkupLineInterpolated($"judgment set {report.Dataset} over the index as it is; the top 100 documents of each query's grouped search scored.");
        }
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
