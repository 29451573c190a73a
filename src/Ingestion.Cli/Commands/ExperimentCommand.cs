using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Ingestion.Cli.Commands;

/// <summary><c>ingest experiment NAME</c>: how the arms of an A/B experiment of search settings are doing (admin).</summary>
internal static class ExperimentCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The experiment (Gateway:Experiments:Active:N:Name)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var command = new Command("experiment", "Show an A/B experiment's arms: lists served, lists that earned feedback or citations, rates with 95% intervals.") { name, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var gateway = CliContext.Gateway(parsed);
            var report = await gateway.ExperimentAsync(parsed.GetValue(name)!, cancellationToken)
                ?? throw new CliException($"The gateway knows no experiment '{parsed.GetValue(name)}': none is configured under that name, and none served a list.");
            if (parsed.GetValue(json))
            {
                context.Console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Indented));
                return 0;
            }

            static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
            var table = new Table().AddColumns("arm", "lists", "useful", "rate", "95% interval");
            foreach (var arm in report.Arms)
            {
                table.AddRow(arm.Arm, arm.Lists.ToString(CultureInfo.InvariantCulture), arm.Successes.ToString(CultureInfo.InvariantCulture), F(arm.Rate), $"{F(arm.Low)} to {F(arm.High)}");
            }

            context.Console.MarkupLineInterpolated($"{report.Name}: {(report.Running ? "running" : "stopped")}, {(report.Interleaved ? "interleaved" : "split by caller")}");
            context.Console.Write(table);
            if (report.WinRateB is { } rate)
            {
                context.Console.MarkupLineInterpolated($"B's picks won {report.WinsB} lists, A's {report.WinsA}, {report.Ties} tied: B's win rate {F(rate)} ({F(report.WinRateLow ?? 0)} to {F(report.WinRateHigh ?? 1)}).");
            }

            return 0;
        });
        return command;
    }
}
