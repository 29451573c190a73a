using System.Net;
using System.Text;

namespace Ingestion.Cli.Tests;

/// <summary>
/// The tool sends the gateway's API key from <c>INGEST_API_KEY</c>, or a bearer token from <c>INGEST_TOKEN</c>, with
/// its requests, names the readers <c>--reader</c> gives with each document, and says what a 401 means.
/// </summary>
[Collection(nameof(ApiKeyTests))]
public sealed class ApiKeyTests
{
    [Fact]
    public async Task TheKeyFromTheEnvironmentIsSentAndA401SaysWhichSettingIsMissing()
    {
        var port = FreePorts.One();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        string? sent = null;
        var serving = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            sent = context.Request.Headers["X-Api-Key"];
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/problem+json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("""{"status":401,"title":"API key required","detail":"Send the gateway's API key (Gateway:ApiKey) in the X-Api-Key header."}"""));
            context.Response.Close();
        });

        Environment.SetEnvironmentVariable("INGEST_API_KEY", "cli-test-key-0123456789");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("status", "doc", "--gateway", $"http://127.0.0.1:{port}");
            await serving;

            Assert.Equal("cli-test-key-0123456789", sent);
            Assert.NotEqual(0, code);
            Assert.Contains("Gateway:ApiKey", error, StringComparison.Ordinal);
            Assert.Contains("INGEST_API_KEY", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("INGEST_API_KEY", null);
        }
    }

    [Fact]
    public async Task ATokenFromTheEnvironmentIsSentAsABearerTokenAndEachDocumentNamesItsReaders()
    {
        var port = FreePorts.One();
        using var server = new HttpListener();
        server.Prefixes.Add($"http://127.0.0.1:{port}/");
        server.Start();
        string? authorization = null;
        string? body = null;
        var serving = Task.Run(async () =>
        {
            var context = await server.GetContextAsync();
            authorization = context.Request.Headers["Authorization"];
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                body = await reader.ReadToEndAsync();
            }

            context.Response.StatusCode = 202;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("""{"documentId":"a.txt","version":1,"state":"queued","statusUrl":"/api/documents/a.txt"}"""));
            context.Response.Close();
        });
        var folder = Directory.CreateTempSubdirectory("ingest-readers-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a.txt"), "Shearwaters.");

        Environment.SetEnvironmentVariable("INGEST_TOKEN", "header.payload.signature");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("publish", folder, "--reader", "group:finance", "--reader", "user:ann", "--gateway", $"http://127.0.0.1:{port}");
            await serving;

            Assert.True(code == 0, error);
            Assert.Equal("Bearer header.payload.signature", authorization);
            Assert.Equal(["group:finance", "user:ann"], System.Text.Json.JsonDocument.Parse(body!).RootElement.GetProperty("readers").EnumerateArray().Select(r => r.GetString()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("INGEST_TOKEN", null);
            Directory.Delete(folder, recursive: true);
        }
    }
}
