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
        using var gateway = new OneRequestGateway(401, "application/problem+json", """{"status":401,"title":"API key required","detail":"Send the gateway's API key (Gateway:ApiKey) in the X-Api-Key header."}""");

        Environment.SetEnvironmentVariable("INGEST_API_KEY", "cli-test-key-0123456789");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("status", "doc", "--gateway", gateway.Url);
            await gateway.AnsweredAsync();

            Assert.Equal("cli-test-key-0123456789", gateway.Headers!["X-Api-Key"]);
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
        using var gateway = new OneRequestGateway(202, "application/json", """{"documentId":"a.txt","version":1,"state":"queued","statusUrl":"/api/documents/a.txt"}""");
        var folder = Directory.CreateTempSubdirectory("ingest-readers-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a.txt"), "Shearwaters.");

        Environment.SetEnvironmentVariable("INGEST_TOKEN", "header.payload.signature");
        try
        {
            var (code, _, error) = await CliRunner.RunAsync("publish", folder, "--reader", "group:finance", "--reader", "user:ann", "--gateway", gateway.Url);
            await gateway.AnsweredAsync();

            Assert.True(code == 0, error);
            Assert.Equal("Bearer header.payload.signature", gateway.Headers!["Authorization"]);
            Assert.Equal(["group:finance", "user:ann"], System.Text.Json.JsonDocument.Parse(gateway.Body!).RootElement.GetProperty("readers").EnumerateArray().Select(r => r.GetString()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("INGEST_TOKEN", null);
            Directory.Delete(folder, recursive: true);
        }
    }
}
