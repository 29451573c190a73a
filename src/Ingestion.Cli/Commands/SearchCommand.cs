using System.CommandLine;
using System.Globalization;
using Ingestion.Cli.Gateway;
using Ingestion.Client.Model;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest search "query"</c>: the gateway's hits as a table, with each leg's rank.</summary>
internal static class SearchCommand
{
    public static readonly string[] Modes = ["hybrid", "bm25", "dense"];

    public static readonly string[] FusionMethods = ["cc", "rrf"];

    public static Command Create(CliContext context)
    {
        var query = new Argument<string>("QUERY") { Description = "What to search for." };
        var mode = new Option<string>("--mode") { Description = "hybrid (BM25 and dense fused), bm25 or dense.", DefaultValueFactory = _ => "hybrid" };
        mode.AcceptOnlyFromAmong(Modes);
        var fusion = new Option<string?>("--fusion") { Description = "How hybrid fuses the legs: cc (convex combination of normalised scores) or rrf (reciprocal ranks); the gateway's default when left out." };
        fusion.AcceptOnlyFromAmong(FusionMethods);
        var k = new Option<int>("--k") { Description = "Hits to show.", DefaultValueFactory = _ => 10 };
        var command = new Command("search", "Search the index and show the hits with each leg's rank.") { query, mode, fusion, k };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var gateway = CliContext.Gateway(parsed);
            var result = await gateway.SearchAsync(new SearchRequest(parsed.GetValue(query)!) { Mode = GatewayClient.ModeOf(parsed.GetValue(mode)!), K = parsed.GetValue(k), Fusion = parsed.GetValue(fusion) }, cancellationToken);
            // Short columns that never wrap; the text takes what is left of the terminal and wraps within it.
            var withPages = result.Hits.Any(h => h.Page is not null);
            var table = new Table().AddColumn("#").AddColumn(new TableColumn("document").NoWrap()).AddColumns("score", "bm25", "dense");
            if (withPages)
            {
                table.AddColumn("page");
            }

            table.AddColumn("text");
            var rank = 0;
            foreach (var hit in result.Hits)
            {
                List<string> cells =
                [
                    (++rank).ToString(CultureInfo.InvariantCulture),
                    hit.DocumentId,
                    hit.Score.ToString("F4", CultureInfo.InvariantCulture),
                    hit.Lexical?.Rank.ToString(CultureInfo.InvariantCulture) ?? "-",
                    hit.Dense?.Rank.ToString(CultureInfo.InvariantCulture) ?? "-",
                ];
                if (withPages)
                {
                    cells.Add(hit.Page?.ToString(CultureInfo.InvariantCulture) ?? "");
                }

                cells.Add(Snippet(hit.Text));
                table.AddRow([.. cells.Select(Markup.Escape)]);
            }

            context.Console.Write(table);
            context.Console.MarkupLineInterpolated($"{result.Hits.Count} hits ({result.Mode}) in {result.TookMs:F1} ms.");
            return 0;
        });
        return command;
    }

    private static string Snippet(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 80 ? flat : string.Concat(flat.AsSpan(0, 80), "…");
    }
}
