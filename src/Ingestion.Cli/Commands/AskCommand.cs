using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ingestion.Cli.Gateway;
using Ingestion.Client.Model;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest ask "question"</c>: the gateway's answer with the citations it used, or, without a chat model (or with
/// <c>--context-only</c>), the citations and, with <c>--prompt</c>, the assembled prompt to give a model yourself.
/// </summary>
internal static class AskCommand
{
    public static Command Create(CliContext context)
    {
        var question = new Argument<string>("QUESTION") { Description = "What to ask." };
        var budget = new Option<int?>("--budget") { Description = "The most tokens the prompt may have (the gateway's default when not given)." };
        var k = new Option<int?>("--k") { Description = "Chunks the search returns to assemble from (the gateway's default when not given)." };
        var mode = new Option<string>("--mode") { Description = "How the context is searched: hybrid, bm25 or dense.", DefaultValueFactory = _ => "hybrid" };
        mode.AcceptOnlyFromAmong(SearchCommand.Modes);
        var contextOnly = new Option<bool>("--context-only") { Description = "Assemble the context without asking the chat model." };
        var prompt = new Option<bool>("--prompt") { Description = "Also print the assembled prompt." };
        var json = new Option<bool>("--json") { Description = "Print the gateway's whole answer as JSON." };
        var command = new Command("ask", "Answer a question from the indexed documents, with numbered citations.") { question, budget, k, mode, contextOnly, prompt, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var gateway = CliContext.Gateway(parsed);
            // Raw text goes to the writer itself: the console would wrap long lines (breaking JSON) at its width.
            var raw = context.Console.Profile.Out.Writer;
            var result = await gateway.AskAsync(new AskRequest(parsed.GetValue(question)!) { BudgetTokens = parsed.GetValue(budget), K = parsed.GetValue(k), Mode = GatewayClient.ModeOf(parsed.GetValue(mode)!), Answer = !parsed.GetValue(contextOnly) }, cancellationToken);
            if (parsed.GetValue(json))
            {
                raw.WriteLine(JsonSerializer.Serialize(result, JsonOutput.Indented));
                return 0;
            }

            if (result.Answer.Text is { } answer)
            {
                raw.WriteLine(answer);
                context.Console.MarkupLineInterpolated($"[grey]{result.Answer.Model}, citing {string.Join(", ", result.Answer.CitationsUsed.Select(n => $"[{n}]"))}[/]");
            }
            else if (result.Answer.Note is { } note)
            {
                context.Console.MarkupLineInterpolated($"[yellow]{note}[/]");
            }

            var used = result.Answer.CitationsUsed.ToHashSet();
            var table = new Table().AddColumns("#", "document", "characters", "page", "used");
            foreach (var citation in result.Citations)
            {
                table.AddRow(
                    citation.Number.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(citation.DocumentId),
                    string.Create(CultureInfo.InvariantCulture, $"{citation.StartOffset}–{citation.EndOffset}{(citation.Trimmed ? " (trimmed)" : "")}"),
                    citation.Page?.ToString(CultureInfo.InvariantCulture) ?? "",
                    used.Contains(citation.Number) ? "yes" : "");
            }

            context.Console.Write(table);
            context.Console.MarkupLineInterpolated($"{result.Context.Passages} passages in {result.Context.PromptTokens} of {result.Context.BudgetTokens} prompt tokens ({result.Context.LeftOut} left out), {result.TookMs:F0} ms.");
            if (parsed.GetValue(prompt))
            {
                foreach (var message in result.Prompt)
                {
                    context.Console.MarkupLineInterpolated($"[bold]{message.Role}[/]");
                    raw.WriteLine(message.Content);
                }
            }

            return 0;
        });
        return command;
    }
}
