using System.CommandLine;
using Ingestion.Cli.Commands;
using Spectre.Console;

namespace Ingestion.Cli;

/// <summary>
/// The <c>ingest</c> tool: its commands, and the rule that any failure is one line on standard error and a
/// non-zero exit code (1 for a failed operation, 2 for a command line that does not parse).
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var context = new CliContext(console, error);
        var root = new RootCommand("Feed documents to Ingestion, search them, and measure retrieval quality.");
        root.Options.Add(CliContext.GatewayOption);
        root.Subcommands.Add(PublishCommand.Create(context));
        root.Subcommands.Add(SyncCommand.Create(context));
        root.Subcommands.Add(DeleteCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(SearchCommand.Create(context));
        root.Subcommands.Add(AskCommand.Create(context));
        root.Subcommands.Add(EvalCommand.Create(context));
        root.Subcommands.Add(CompareCommand.Create(context));
        root.Subcommands.Add(JudgmentsCommand.Create(context));
        root.Subcommands.Add(ExperimentCommand.Create(context));
        root.Subcommands.Add(IndexCommand.Create(context));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"ingest: {parseError.Message}");
            }

            return 2;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = console.Profile.Out.Writer, Error = error }, cancellationToken);
        }
        catch (CliException exception)
        {
            await error.WriteLineAsync($"ingest: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("ingest: cancelled.");
            return 130;
        }
    }
}
