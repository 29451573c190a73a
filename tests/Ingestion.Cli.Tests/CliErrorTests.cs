using System.Net;
using System.Net.Sockets;

namespace Ingestion.Cli.Tests;

/// <summary>Every failure is one line on standard error and a non-zero exit code.</summary>
public sealed class CliErrorTests
{
    [Fact]
    public async Task AnUnreachableGatewayIsOneLineNamingIt()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        var (code, output, error) = await CliRunner.RunAsync("status", "some-doc", "--gateway", url);
        Assert.Equal(1, code);
        var line = Assert.Single(Lines(error));
        Assert.StartsWith("ingest: The gateway at " + url, line, StringComparison.Ordinal);
        Assert.Contains("unreachable", line, StringComparison.Ordinal);
        Assert.Empty(output.Trim());
    }

    [Fact]
    public async Task AnUnknownModeIsRefusedBeforeAnythingIsSent()
    {
        var (code, _, error) = await CliRunner.RunAsync("eval", "--dataset", Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-beir"), "--modes", "bm25,fuzzy", "--gateway", $"http://127.0.0.1:{ClosedPort()}");
        Assert.Equal(1, code);
        Assert.Equal("ingest: Unknown mode 'fuzzy'; use one or more of hybrid, bm25, dense, hybrid-cc, hybrid-rrf, or settings such as mode=hybrid,window=500.", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task AMissingDatasetIsNamed()
    {
        var (code, _, error) = await CliRunner.RunAsync("eval", "--dataset", "/no/such/dataset");
        Assert.Equal(1, code);
        Assert.Contains("'/no/such/dataset' does not exist", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACommandLineThatDoesNotParseExitsWith2()
    {
        var (code, _, error) = await CliRunner.RunAsync("search", "query", "--mode", "sideways");
        Assert.Equal(2, code);
        Assert.Contains("sideways", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsEveryCommandOnALineOfItsOwn()
    {
        var (code, output, _) = await CliRunner.RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "publish <PATH>", "sync <FOLDER>", "delete <ID>", "status <ID>", "search <QUERY>", "eval" })
        {
            Assert.Contains(Lines(output), line => line.StartsWith(command, StringComparison.Ordinal));
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
