using System.Net;
using System.Text;

namespace Ingestion.Cli.Tests;

/// <summary>The tool honours a gateway's 429: it waits the Retry-After and tries again instead of failing.</summary>
public sealed class RateLimitRetryTests
{
    [Fact]
    public async Task ARateLimitedRequestIsRetriedAfterTheGatewaysRetryAfter()
    {
        var port = FreePorts.One();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        var requests = 0;
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await server.GetContextAsync();
                requests++;
                if (i == 0)
                {
                    context.Response.StatusCode = 429;
                    context.Response.AddHeader("Retry-After", "1");
                }
                else
                {
                    context.Response.ContentType = "application/json";
                    var body = Encoding.UTF8.GetBytes("""{"documentId":"doc","state":"indexed","version":7,"chunkCount":3}""");
                    await context.Response.OutputStream.WriteAsync(body);
                }

                context.Response.Close();
            }
        });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output, error) = await CliRunner.RunAsync("status", "doc", "--gateway", $"http://127.0.0.1:{port}");
        await serving;

        Assert.True(code == 0, error);
        Assert.Equal(2, requests);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), "it waited for the Retry-After");
        Assert.Contains("indexed", output, StringComparison.Ordinal);
    }
}
