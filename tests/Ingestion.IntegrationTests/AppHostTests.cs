using System.Diagnostics;
using System.Text.Json;

namespace Ingestion.IntegrationTests;

/// <summary>The AppHost as a program: what it says when it cannot run, and the manifest it publishes.</summary>
public sealed class AppHostTests
{
    [Fact]
    public async Task AMissingServerFailsFastWithAMessageNamingItAndTheInstallScript()
    {
        // A PATH without redis-server: the AppHost must refuse to start rather than hang or half-start.
        var (code, _, error) = await RunAppHostAsync(Path.Combine(Path.GetTempPath(), "no-such-folder"), "--AppHost:DataPath=" + Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N")));

        Assert.Equal(1, code);
        Assert.Contains("redis-server", error, StringComparison.Ordinal);
        Assert.Contains("eng/install-servers.sh", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePublishedManifestDescribesRedisAndRabbitMQAsDeployableContainers()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ingestion-it", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var manifestPath = Path.Combine(folder, "manifest.json");

            // Publishing needs no server: even with none on the PATH, the graph is Aspire's containers.
            var (code, output, error) = await RunAppHostAsync(Path.Combine(folder, "no-servers"), "--publisher", "manifest", "--output-path", manifestPath);

            Assert.True(code == 0, $"exit {code}: {output} {error}");
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath));
            var resources = manifest.RootElement.GetProperty("resources");
            var cache = resources.GetProperty("cache");
            Assert.Equal("container.v0", cache.GetProperty("type").GetString());
            Assert.Contains("redis", cache.GetProperty("image").GetString(), StringComparison.Ordinal);
            Assert.Contains("password=", cache.GetProperty("connectionString").GetString(), StringComparison.Ordinal);
            var messaging = resources.GetProperty("messaging");
            Assert.Equal("container.v0", messaging.GetProperty("type").GetString());
            Assert.Contains("rabbitmq", messaging.GetProperty("image").GetString(), StringComparison.Ordinal);
            Assert.StartsWith("amqp://", messaging.GetProperty("connectionString").GetString(), StringComparison.Ordinal);
            foreach (var service in new[] { "indexer", "worker", "gateway" })
            {
                var project = resources.GetProperty(service);
                Assert.Equal("project.v0", project.GetProperty("type").GetString());
                var environment = project.GetProperty("env");
                Assert.Equal("{cache.connectionString}", environment.GetProperty("ConnectionStrings__cache").GetString());
                Assert.Equal("{messaging.connectionString}", environment.GetProperty("ConnectionStrings__messaging").GetString());
            }

            Assert.DoesNotContain(resources.EnumerateObject(), r => r.Value.TryGetProperty("type", out var type) && type.GetString() == "executable.v0");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAppHostAsync(string path, params string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // The AppHost's assembly is copied beside the tests' (they reference it to start it with Aspire.Hosting.Testing).
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Ingestion.AppHost.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PATH"] = path;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
