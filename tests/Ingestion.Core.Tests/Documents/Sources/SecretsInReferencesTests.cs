using CsCheck;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Core.Documents.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Core.Tests.Documents.Sources;

/// <summary>
/// Credentials in a content reference (<c>user:pass@</c>, a presigned URL's query) never reach a failure reason,
/// which the status endpoint returns to whoever may read statuses (#23).
/// </summary>
public sealed class SecretsInReferencesTests
{
    private static readonly Gen<string> Secret = Gen.String[Gen.Char.AlphaNumeric, 16, 40];

    [Fact]
    public void NoCredentialOfAReferenceSurvivesItsRedaction()
    {
        Gen.Select(Secret, Secret, Secret, Secret, Gen.Bool).Sample((user, password, token, fragment, https) =>
        {
            var reference = $"{(https ? "https" : "http")}://{user}:{password}@files.example:8443/reports/q3.pdf?X-Amz-Signature={token}#{fragment}";

            var shown = ContentUris.Redact(reference);

            Assert.DoesNotContain(user, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(password, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(token, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(fragment, shown, StringComparison.Ordinal);
            Assert.Contains("files.example:8443/reports/q3.pdf", shown, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AFetchThatFailsGivesAReasonWithoutTheReferencesSecrets()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/gone", () => Results.NotFound());
            app.MapGet("/moved", () => Results.Redirect("/elsewhere?sig=redirect-secret-0123456789"));
        });
        var fetcher = Fetcher($"127.0.0.1:{server.Address.Port}");

        await Gen.Select(Secret, Secret, Gen.Bool.Select(gone => gone ? "gone" : "moved")).SampleAsync(async (password, token, path) =>
        {
            var reference = $"http://reader:{password}@127.0.0.1:{server.Address.Port}/{path}?token={token}";

            var failure = await Assert.ThrowsAsync<ExtractionException>(() => fetcher.FetchAsync(reference, isBinaryFormat: false, default));

            Assert.DoesNotContain(password, failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(token, failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("redirect-secret", failure.Message, StringComparison.Ordinal);
            Assert.Contains($"/{path}", failure.Message, StringComparison.Ordinal);
        }, iter: 20);
    }

    [Fact]
    public async Task AHostAllowedWithoutAPortIsAllowedOnlyOnItsSchemesDefaultPort()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/page", () => "served"));
        var page = $"http://127.0.0.1:{server.Address.Port}/page";

        var refused = await Assert.ThrowsAsync<ExtractionException>(() => Fetcher("127.0.0.1").FetchAsync(page, isBinaryFormat: false, default));
        Assert.Contains($"'127.0.0.1:{server.Address.Port}' are not in Sources:AllowedHosts", refused.Message, StringComparison.Ordinal);
        Assert.Null(Policy("127.0.0.1").Check("http://127.0.0.1/page", out _));
        Assert.Null(Policy("127.0.0.1").Check("https://127.0.0.1/page", out _));

        Assert.Equal("served", await Fetcher($"127.0.0.1:{server.Address.Port}").FetchAsync(page, isBinaryFormat: false, default));
        Assert.NotNull(Policy($"127.0.0.1:{server.Address.Port}").Check("http://127.0.0.1/page", out _));
        Assert.NotNull(Policy($"127.0.0.1:{server.Address.Port}").Check($"http://127.0.0.1:{server.Address.Port + 1}/page", out _));
    }

    [Theory]
    [InlineData("files.example", "files.example", null)]
    [InlineData("files.example:8443", "files.example", 8443)]
    [InlineData("FILES.example:80", "files.example", 80)]
    [InlineData("[::1]:8080", "[::1]", 8080)]
    [InlineData("::1", "[::1]", null)]
    [InlineData("10.0.0.7", "10.0.0.7", null)]
    public void AnAllowedHostEntryIsAHostWithAnOptionalPort(string entry, string host, int? port)
    {
        var parsed = AllowedHost.Parse(entry);

        Assert.NotNull(parsed);
        Assert.Equal(host, parsed.Host, ignoreCase: true);
        Assert.Equal(port, parsed.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("files.example/path")]
    [InlineData("user@files.example")]
    [InlineData("files.example:99999")]
    [InlineData("files.example:port")]
    public void AnEntryThatIsNoHostIsRefused(string entry) => Assert.Null(AllowedHost.Parse(entry));

    private static SourcePolicy Policy(string allowedHost)
    {
        var options = new SourceOptions();
        options.AllowedHosts.Add(allowedHost);
        return new SourcePolicy(Options.Create(options));
    }

    private static ContentFetcher Fetcher(string allowedHost)
    {
        var options = new SourceOptions();
        options.AllowedHosts.Add(allowedHost);
        var services = new ServiceCollection();
        services.AddHttpClient(ContentFetcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return new ContentFetcher(new SourcePolicy(Options.Create(options)), Options.Create(options), services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>());
    }
}
