using System.Globalization;
using Ingestion.Cli.Documents;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>How publishing commands report what happened, so publish and sync read the same.</summary>
internal static class Reports
{
    /// <summary>Prints refusals and outcomes and returns the exit code: 0 when every document made it, else 1.</summary>
    public static int Summarise(CliContext context, IReadOnlyList<PublishResult> published, IReadOnlyList<IngestionOutcome>? outcomes, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(published);
        var console = context.Console;
        var refused = published.Where(p => !p.Accepted).ToList();
        var seconds = elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        if (outcomes is null)
        {
            console.MarkupLineInterpolated($"Accepted {published.Count - refused.Count} changes in {seconds} s; refused {refused.Count}.");
        }
        else
        {
            var indexed = outcomes.Where(o => o.Kind == OutcomeKind.Indexed).ToList();
            console.MarkupLineInterpolated(
                $"Indexed {indexed.Count} ({indexed.Sum(o => o.Chunks ?? 0)} chunks), deleted {outcomes.Count(o => o.Kind == OutcomeKind.Deleted)}, failed {outcomes.Count(o => o.Kind == OutcomeKind.Failed)}, superseded {outcomes.Count(o => o.Kind == OutcomeKind.Superseded)}, refused {refused.Count}, in {seconds} s.");
        }

        var problems = refused.Select(r => (r.DocumentId, What: "refused", r.Error))
            .Concat((outcomes ?? []).Where(o => o.Kind is OutcomeKind.Failed or OutcomeKind.Superseded).Select(o => (o.DocumentId, What: o.Kind.ToString().ToLowerInvariant(), Error: o.Reason)))
            .ToList();
        if (problems.Count > 0)
        {
            var table = new Table().AddColumns("document", "outcome", "reason");
            foreach (var (id, what, reason) in problems.OrderBy(p => p.DocumentId, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(id), what, Markup.Escape(reason ?? ""));
            }

            console.Write(table);
        }

        var failed = refused.Count + (outcomes?.Count(o => o.Kind == OutcomeKind.Failed) ?? 0);
        if (failed > 0)
        {
            context.Error.WriteLine($"ingest: {failed} of {published.Count} documents were not ingested (see the table above).");
            return 1;
        }

        return 0;
    }

    /// <summary>Runs work with a progress bar that advances once per finished item (or silently, where the context shows no progress).</summary>
    public static async Task<T> WithProgressAsync<T>(CliContext context, string description, int total, Func<Action, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(work);
        if (!context.ShowProgress)
        {
            return await work(() => { });
        }
        T result = default!;
        await context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(description, maxValue: Math.Max(1, total));
                result = await work(() => task.Increment(1));
                task.Value = task.MaxValue;
            });
        return result;
    }
}
