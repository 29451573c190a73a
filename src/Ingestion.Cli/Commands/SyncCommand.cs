using System.CommandLine;
using System.Diagnostics;
using Ingestion.Cli.Documents;
using Ingestion.Cli.Sync;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest sync FOLDER</c>: mirrors a folder into the index: changed files published, removed files deleted.</summary>
internal static class SyncCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("FOLDER") { Description = "The folder to mirror; document ids are paths relative to it." };
        var manifestOption = new Option<string?>("--manifest") { Description = "Where the sync state lives (default: .FOLDER.ingest-sync.json beside the folder)." };
        var wait = new Option<bool>("--wait") { Description = "Wait until every change is indexed, deleted or failed, and summarise." };
        var timeout = CommonOptions.Timeout();
        var parallel = CommonOptions.Parallel();
        var readers = CommonOptions.Readers();
        var command = new Command("sync", "Mirror a folder into the index, publishing changed files and deleting removed ones.") { folder, manifestOption, wait, timeout, parallel, readers };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var clock = Stopwatch.StartNew();
            var root = parsed.GetValue(folder)!;
            if (!Directory.Exists(root))
            {
                throw new CliException($"'{root}' is not a folder.");
            }

            var manifestPath = parsed.GetValue(manifestOption) ?? SyncManifest.DefaultPathFor(root);
            var manifest = await SyncManifest.LoadAsync(manifestPath, root, cancellationToken);
            var (files, _) = LocalFiles.Scan([root]);
            var named = parsed.GetValue(readers) is { Length: > 0 } given ? given : null;
            var readersKey = SyncPlan.ReadersKey(named);
            var plan = SyncPlan.Of(files, manifest, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), readersKey);
            context.Console.MarkupLineInterpolated($"{plan.Upserts.Count} new or changed, {plan.Deletes.Count} removed, {plan.Unchanged} unchanged.");

            using var gateway = CliContext.Gateway(parsed);
            var publisher = new BatchPublisher(gateway, parsed.GetValue(parallel), named);
            var total = plan.Upserts.Count + plan.Deletes.Count;
            if (plan.Deletes.Count > 0)
            {
                manifest.NoteDeleting(plan.Deletes);
                await manifest.SaveAsync(manifestPath, cancellationToken);
            }

            var published = await Reports.WithProgressAsync(context, "syncing", total, async step =>
            {
                var upserted = await publisher.PublishAsync(plan.Upserts, _ => step(), cancellationToken);
                var deleted = await publisher.RunAsync(plan.Deletes, (d, token) => gateway.DeleteAsync(d.Id, d.Version, token), d => d.Id, _ => step(), cancellationToken);
                return (IReadOnlyList<PublishResult>)[.. upserted, .. deleted];
            });

            // Only what the gateway accepted moves the manifest, so a refused change is tried again next time.
            var accepted = published.Where(p => p.Accepted).Select(p => p.DocumentId).ToHashSet(StringComparer.Ordinal);
            foreach (var file in plan.Upserts.Where(f => accepted.Contains(f.Id)))
            {
                var lastWrite = files.First(f => f.Id == file.Id).Version;
                manifest.Documents[file.Id] = new SyncEntry(file.Version, lastWrite, file.Length, Readers: readersKey);
            }

            foreach (var (id, version) in plan.Deletes.Where(d => accepted.Contains(d.Id)))
            {
                manifest.Documents[id] = new SyncEntry(version, 0, 0, Deleted: true);
            }

            await manifest.SaveAsync(manifestPath, cancellationToken);
            var outcomes = parsed.GetValue(wait) ? await PublishCommand.WaitAsync(context, gateway, published, parsed.GetValue(timeout), cancellationToken) : null;
            return Reports.Summarise(context, published, outcomes, clock.Elapsed);
        });
        return command;
    }
}
