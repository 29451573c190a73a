using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ingestion.Cli.Evaluation;
using Ingestion.Cli.Gateway;
using Ingestion.Client.Model;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest judgments import|list|delete</c>: a team's own relevance judgments kept by the gateway under a name, to
/// evaluate the live index on (<c>ingest eval --judgments</c>) and compare settings with (<c>ingest compare</c>).
/// </summary>
internal static class JudgmentsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("judgments", "Import, list and delete the judgment sets the gateway keeps (admin).");
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Delete(context));
        return command;
    }

    /// <summary>A kept set as an evaluation runs it; a missing set is an error naming the ones there are.</summary>
    public static async Task<JudgedQueries> LoadAsync(GatewayClient gateway, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (await gateway.JudgmentSetAsync(name, cancellationToken) is not { } set)
        {
            var names = (await gateway.JudgmentSetsAsync(cancellationToken)).Select(s => s.Name).ToList();
            throw new CliException($"The gateway keeps no judgment set '{name}'; it keeps {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
        }

        return JudgedQueries.Of(set);
    }

    private static Command Import(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The set's name (letters, digits, '.', '_', '-')." };
        var path = new Argument<string>("PATH") { Description = "A BEIR folder (queries.jsonl and qrels.tsv), or a qrels file (BEIR's tsv or TREC's four columns) with --queries." };
        var queries = new Option<string?>("--queries") { Description = "The queries (JSONL with _id and text) of a qrels file." };
        var prefix = new Option<string?>("--id-prefix") { Description = "Prefix the judged documents' ids carry in the index (as ingest eval publishes beir/DATASET/)." };
        var import = new Command("import", "Import judgments under a name, replacing a set of that name.") { name, path, queries, prefix };
        import.SetAction(async (parsed, cancellationToken) =>
        {
            var set = Read(parsed.GetValue(path)!, parsed.GetValue(queries), parsed.GetValue(prefix) ?? string.Empty, out var clamped);
            using var gateway = CliContext.Gateway(parsed);
            var kept = await gateway.PutJudgmentSetAsync(parsed.GetValue(name)!, set, cancellationToken);
            context.Console.MarkupLineInterpolated($"{kept.Name}: {kept.Queries} queries, {kept.Judgments} judgments kept{(clamped > 0 ? $" ({clamped} negative grades taken as 0)" : "")}.");
            return 0;
        });
        return import;
    }

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print the sets as JSON." };
        var list = new Command("list", "List the judgment sets: imported ones, feedback and citations.") { json };
        list.SetAction(async (parsed, cancellationToken) =>
        {
            using var gateway = CliContext.Gateway(parsed);
            var sets = await gateway.JudgmentSetsAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(sets, JsonOutput.Indented));
                return 0;
            }

            var table = new Table().AddColumns("name", "source", "queries", "judgments", "updated");
            foreach (var set in sets)
            {
                table.AddRow(set.Name, set.Source, set.Queries.ToString(CultureInfo.InvariantCulture), set.Judgments.ToString(CultureInfo.InvariantCulture), set.Updated.ToString("u", CultureInfo.InvariantCulture));
            }

            context.Console.Write(table);
            return 0;
        });
        return list;
    }

    private static Command Delete(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The set to delete." };
        var delete = new Command("delete", "Delete a judgment set.") { name };
        delete.SetAction(async (parsed, cancellationToken) =>
        {
            using var gateway = CliContext.Gateway(parsed);
            var deleted = await gateway.DeleteJudgmentSetAsync(parsed.GetValue(name)!, cancellationToken)
                ?? throw new CliException($"The gateway keeps no judgment set '{parsed.GetValue(name)}'.");
            context.Console.MarkupLineInterpolated($"{deleted.Name} deleted ({deleted.Queries} queries, {deleted.Judgments} judgments).");
            return 0;
        });
        return delete;
    }

    /// <summary>The judged queries of a BEIR folder or a qrels file and its queries; negative grades (TREC's "spam") count as 0.</summary>
    private static JudgmentSetImport Read(string path, string? queriesPath, string idPrefix, out int clamped)
    {
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> qrels;
        IReadOnlyDictionary<string, string> queries;
        if (Directory.Exists(path))
        {
            var folder = BeirDataset.LoadJudged(path);
            (qrels, queries) = (folder.Qrels, folder.Queries);
        }
        else if (File.Exists(path))
        {
            qrels = BeirDataset.LoadQrels(path);
            queries = queriesPath is not null ? BeirDataset.LoadQueries(queriesPath) : throw new CliException($"{path} is a qrels file: name its queries with --queries FILE.");
        }
        else
        {
            throw new CliException($"'{path}' is neither a folder nor a file.");
        }

        var missing = qrels.Keys.FirstOrDefault(q => !queries.ContainsKey(q));
        if (missing is not null)
        {
            throw new CliException($"The judgments name query '{missing}', which the queries do not have.");
        }

        var judgments = qrels.SelectMany(q => q.Value.Select(d => new Judgment(q.Key, idPrefix + d.Key, Math.Max(0, d.Value)))).ToList();
        clamped = qrels.Sum(q => q.Value.Count(d => d.Value < 0));
        return new JudgmentSetImport([.. qrels.Keys.Select(q => new JudgedQuery(q, queries[q]))], judgments);
    }
}
