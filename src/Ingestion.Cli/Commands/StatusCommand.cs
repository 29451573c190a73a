using System.CommandLine;
using System.Globalization;
using Ingestion.Client.Model;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest status ID</c>: one document's ingestion status.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The document id." };
        var command = new Command("status", "Show a document's ingestion status.") { id };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var documentId = parsed.GetValue(id)!;
            using var gateway = CliContext.Gateway(parsed);
            var status = await gateway.StatusAsync(documentId, cancellationToken)
                ?? throw new CliException($"The gateway has never seen a document '{documentId}'.");
            var grid = new Grid().AddColumn().AddColumn();
            void Row(string name, object? value)
            {
                if (value is not null)
                {
                    grid.AddRow(name, Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));
                }
            }

            Row("document", status.DocumentId);
            Row("state", System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.State.ToString()));
            Row("version", status.Version);
            Row("chunks", status.ChunkCount);
            Row("failed step", status.FailedStep);
            Row("error", status.Error);
            Row("attempts", status.Attempts);
            Row("queued at", status.QueuedAt?.ToString("O", CultureInfo.InvariantCulture));
            Row("indexed at", status.IndexedAt?.ToString("O", CultureInfo.InvariantCulture));
            Row("seconds to indexed", status.SecondsToIndexed);
            Row("last ignored version", status.LastIgnoredVersion);
            Row("trace", status.TraceId);
            context.Console.Write(grid);
            return status.State == DocumentState.Failed ? 1 : 0;
        });
        return command;
    }
}
