using System.CommandLine;
using System.Diagnostics;
using Ingestion.Cli.Documents;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest publish PATH...</c>: files and folders as document upserts, optionally waiting for the outcome.</summary>
internal static class PublishCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders; a file's document id is its path relative to the folder given (or its name).", Arity = ArgumentArity.OneOrMore };
        var wait = new Option<bool>("--wait") { Description = "Wait until every document is indexed or failed, and summarise." };
        var timeout = CommonOptions.Timeout();
        var parallel = CommonOptions.Parallel();
        var readers = CommonOptions.Readers();
        var command = new Command("publish", "Publish files as document upserts (version = the file's last-write time).") { paths, wait, timeout, parallel, readers };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var (documents, skipped) = LocalFiles.Scan(parsed.GetValue(paths)!);
            if (skipped.Count > 0)
            {
                context.Console.MarkupLineInterpolated($"Skipped {skipped.Count} files of unsupported types (for example {Path.GetFileName(skipped[0])}).");
            }

            if (documents.Count == 0)
            {
                throw new CliException("No publishable files found (supported: .txt, .md, .html, .pdf, .docx, .pptx, .xlsx, .csv, .tsv, .eml, .png, .jpg, .tif).");
            }

            using var gateway = CliContext.Gateway(parsed);
            var publisher = new BatchPublisher(gateway, parsed.GetValue(parallel), parsed.GetValue(readers) is { Length: > 0 } named ? named : null);
            var published = await Reports.WithProgressAsync(context, "publishing", documents.Count, step => publisher.PublishAsync(documents, _ => step(), cancellationToken));
            IReadOnlyList<IngestionOutcome>? outcomes = null;
            if (parsed.GetValue(wait))
            {
                outcomes = await WaitAsync(context, gateway, published, parsed.GetValue(timeout), cancellationToken);
            }

            return Reports.Summarise(context, published, outcomes, clock.Elapsed);
        });
        return command;
    }

    public static Task<IReadOnlyList<IngestionOutcome>> WaitAsync(CliContext context, Gateway.GatewayClient gateway, IReadOnlyList<PublishResult> published, int timeoutSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(published);
        var waiter = new IngestionWaiter(gateway, TimeSpan.FromMilliseconds(250));
        var accepted = published.Count(p => p.Accepted);
        return Reports.WithProgressAsync(context, "ingesting", accepted, step =>
        {
            var shown = 0;
            return waiter.WaitAsync(published, TimeSpan.FromSeconds(timeoutSeconds), done =>
            {
                for (; shown < done; shown++)
                {
                    step();
                }
            }, cancellationToken);
        });
    }
}
