using Ingestion.Cli;
using Spectre.Console;

namespace Ingestion.Tests.Shared;

/// <summary>Runs the <c>ingest</c> tool in process, capturing what it prints, as a terminal user would see it (without colours).</summary>
public static class CliRunner
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400; // wide enough that no table cell wraps, so tests can look for whole values
        var code = await CliApp.RunAsync(args, console, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
