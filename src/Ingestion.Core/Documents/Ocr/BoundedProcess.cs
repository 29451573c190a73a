using System.Diagnostics;
using Ingestion.Core.Documents.Extraction;

namespace Ingestion.Core.Documents.Ocr;

/// <summary>
/// Runs a program as a child process within a time budget and an address-space limit (through util-linux's
/// <c>prlimit</c> where it is installed), reading at most a bounded number of bytes of its output. A run over budget
/// is killed with its children and fails the document with the reason, as other bombs do.
/// </summary>
internal static class BoundedProcess
{
    /// <summary>Output read at most: a page's text is a few KB.</summary>
    private const int MaxOutputBytes = 4 * 1024 * 1024;

    private static readonly string? Prlimit = Which("prlimit");

    public static byte[] Run(string program, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, long maxBytes, string what, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = Prlimit ?? program,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Prlimit is not null)
        {
            start.ArgumentList.Add($"--as={maxBytes}");
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // One thread each: a worker runs several documents at once, and Tesseract's OpenMP would take every core per page.
        start.Environment["OMP_THREAD_LIMIT"] = "1";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new ExtractionException($"{what} failed: {program} could not be started.");
        }

        var error = ReadBoundedAsync(process.StandardError.BaseStream, cancellationToken);
        var output = ReadBoundedAsync(process.StandardOutput.BaseStream, cancellationToken);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(budget.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ExtractionException($"{what} took longer than {timeout.TotalSeconds:0} s (Ocr:PageTimeout).");
        }

        var bytes = output.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            var said = System.Text.Encoding.UTF8.GetString(error.GetAwaiter().GetResult()).Trim();
            var reason = said.Length > 300 ? said[..300] : said;
            throw new ExtractionException($"{what} failed (exit {process.ExitCode}{(process.ExitCode is 134 or 137 or 139 ? ", likely over its memory limit, Ocr:MaxProcessBytes" : string.Empty)}): {reason}");
        }

        return bytes;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var kept = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            // Past the bound the rest is read and dropped, so the child never blocks on a full pipe.
            if (kept.Length < MaxOutputBytes)
            {
                kept.Write(buffer, 0, (int)Math.Min(read, MaxOutputBytes - kept.Length));
            }
        }

        return kept.ToArray();
    }

    /// <summary>The full path of <paramref name="program"/> on <c>PATH</c> (or itself, when it is a path that exists); null when absent.</summary>
    public static string? Which(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
