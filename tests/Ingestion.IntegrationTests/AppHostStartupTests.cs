using System.Diagnostics;
using Ingestion.AppHost;

namespace Ingestion.IntegrationTests;

public sealed class AppHostStartupTests
{
    [Fact]
    public async Task AMissingServerFailsFastWithAMessageNamingItAndTheInstallScript()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(IngestionApp).Assembly.Location);
        info.ArgumentList.Add($"--AppHost:DataPath={Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"))}");

        // A PATH without redis-server: the AppHost must refuse to start rather than hang or half-start.
        info.Environment["PATH"] = Path.Combine(Path.GetTempPath(), "no-such-folder");

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("redis-server", await error, StringComparison.Ordinal);
        Assert.Contains("eng/install-servers.sh", await error, StringComparison.Ordinal);
    }
}
