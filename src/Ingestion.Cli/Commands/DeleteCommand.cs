using System.CommandLine;
using System.Diagnostics;
using Ingestion.Cli.Documents;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest delete ID...</c>: deletes documents (the gateway assigns each delete a newer version).</summary>
internal static class DeleteCommand
{
    public static Command Create(CliContext context)
    {
        var ids = new Argument<string[]>("ID") { Description = "Document ids to delete.", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<bool>("--wait") { Description = "Wait until every delete is applied." };
        var timeout = CommonOptions.Timeout();
        var command = new Command("delete", "Delete documents and every chunk of them.") { ids, wait, timeout };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            using var gateway = CliContext.Gateway(parsed);
            var publisher = new BatchPublisher(gateway, parallelism: 8);
            var published = await publisher.RunAsync(parsed.GetValue(ids)!, (id, token) => gateway.DeleteAsync(id, null, token), id => id, null, cancellationToken);
            var outcomes = parsed.GetValue(wait) ? await PublishCommand.WaitAsync(context, gateway, published, parsed.GetValue(timeout), cancellationToken) : null;
            return Reports.Summarise(context, published, outcomes, clock.Elapsed);
        });
        return command;
    }
}
