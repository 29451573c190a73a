using System.Diagnostics;
using System.Text.Json;

namespace Ingestion.Tests.Shared;

/// <summary>Runs the reference evaluator, <c>../shared/evaldata/trec_eval.py</c>, on a qrels and a run file.</summary>
public static class TrecEval
{
    /// <summary>The mean figures and each query's, as the script prints them with <c>--json --per-query</c>.</summary>
    public static async Task<JsonElement> RunAsync(string qrelsPath, string runPath)
    {
        var script = Path.Combine(RepositoryRoot, "..", "shared", "evaldata", "trec_eval.py");
        if (!File.Exists(script))
        {
            Assert.Fail($"The reference evaluator is not at {script}; the repository must sit beside ../shared.");
        }

        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, qrelsPath, runPath, "--json", "--per-query" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start (eng/test.sh installs it).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"trec_eval.py failed: {await error}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }

    /// <summary>The folder holding Ingestion.sln, found upwards from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Ingestion.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"No Ingestion.sln above {AppContext.BaseDirectory}.");
        }
    }
}
