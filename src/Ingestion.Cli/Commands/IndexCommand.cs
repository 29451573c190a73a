using System.CommandLine;
using System.Globalization;
using Ingestion.Client.Model;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary>
/// <c>ingest index [--wait]</c>: the index searches read and its embedding model, and a re-index under way. A re-index
/// starts when the system runs with another <c>Embeddings:Model</c> than its index was built with; <c>--wait</c>
/// follows it until searches have moved to the new index, and fails when the switch gate holds it.
/// <c>ingest index switch</c> switches to a held one (admin).
/// </summary>
internal static class IndexCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create(CliContext context)
    {
        var wait = new Option<bool>("--wait") { Description = "Wait until no re-index is under way (searches read the new model's index)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait at most.", DefaultValueFactory = _ => 3600 };
        var command = new Command("index", "Show the index searches read, its embedding model, and a re-index for a new model.") { wait, timeout };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var gateway = CliContext.Gateway(parsed);
            var state = await gateway.IndexAsync(cancellationToken);
            if (parsed.GetValue(wait))
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(TimeSpan.FromSeconds(parsed.GetValue(timeout)));
                while (state.Building is { } building)
                {
                    if (state.Held is { } hold)
                    {
                        throw new CliException($"The re-index for {building.Model?.ModelId} is held by the switch gate: {hold.Reason} Switch anyway with `ingest index switch`, or set Embeddings:Model back.");
                    }

                    if (context.ShowProgress)
                    {
                        context.Console.MarkupLineInterpolated($"re-indexing for {building.Model?.ModelId}: {building.Documents} of {state.Current?.Documents} documents");
                    }

                    try
                    {
                        await Task.Delay(PollInterval, deadline.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new CliException($"The re-index for {building.Model?.ModelId} did not finish within {parsed.GetValue(timeout)} s.");
                    }

                    state = await gateway.IndexAsync(cancellationToken);
                }
            }

            var grid = new Grid().AddColumn().AddColumn();
            void Describe(string role, IndexDescription? index)
            {
                if (index is not null)
                {
                    grid.AddRow(role, Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{index.Name}: {index.Model?.ModelId ?? "no vectors yet"} ({index.Model?.Dimension ?? 0} dimensions), {(index.Documents is { } documents ? documents.ToString(CultureInfo.InvariantCulture) : "?")} documents")));
                }
            }

            Describe("searched", state.Current);
            Describe("re-indexing into", state.Building);
            if (state.Held is { } held)
            {
                grid.AddRow("held", Markup.Escape($"{held.Reason} Switch anyway with `ingest index switch`, or set Embeddings:Model back to {state.Current?.Model?.ModelId}."));
            }

            context.Console.Write(grid);
            return 0;
        });
        command.Add(CreateSwitch(context));
        return command;
    }

    private static Command CreateSwitch(CliContext context)
    {
        var command = new Command("switch", "Switch searches to the index a re-index built while the switch gate holds it (admin).");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var gateway = CliContext.Gateway(parsed);
            var approved = await gateway.SwitchHeldIndexAsync(cancellationToken);
            context.Console.MarkupLineInterpolated($"approved the switch to {approved.Target}; the indexer switches within seconds");
            return 0;
        });
        return command;
    }
}
