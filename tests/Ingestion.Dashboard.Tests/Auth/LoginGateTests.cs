using System.Net;
using System.Net.Http.Headers;
using Ingestion.Hosting;
using Ingestion.Hosting.Resources;

namespace Ingestion.Dashboard.Tests.Auth;

public sealed class LoginGateTests(StandaloneDashboard dashboard) : IClassFixture<StandaloneDashboard>
{
    [Theory]
    [InlineData("/api/resources")]
    [InlineData("/api/telemetry/traces?resource=gateway")]
    [InlineData("/api/live")]
    public async Task WithoutTheTokenTheApiAnswers401WithAProblem(string path)
    {
        using var client = new HttpClient { BaseAddress = dashboard.Server.Url };
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/assets/app.js")]
    public async Task WithoutTheTokenPagesRedirectToTheLoginPage(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = dashboard.Server.Url };
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task AWrongTokenIsRefusedBothAsBearerAndAtLogin()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = dashboard.Server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var api = await client.GetAsync("/api/resources");
        using var login = await client.GetAsync("/login?t=not-the-token");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task TheBearerTokenOpensTheApi()
    {
        using var client = new HttpClient { BaseAddress = dashboard.Server.Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StandaloneDashboard.Token);

        using var response = await client.GetAsync("/api/resources");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThePrintedLoginUrlSetsACookieThatOpensThePages()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = dashboard.Server.Url };

        using var login = await client.GetAsync(dashboard.Server.LoginUrl);
        using var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("/assets/app.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListeningBeyondLoopbackNeedsTheExplicitOption()
    {
        var builder = DistributedApplication.CreateBuilder(["--Dashboard:Url=http://0.0.0.0:0", "--Dashboard:OtlpGrpcUrl=http://127.0.0.1:0", "--Dashboard:OtlpHttpUrl=http://127.0.0.1:0"]);
        builder.AddDashboard();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<HostingException>(() => app.StartAsync());
        Assert.Contains("Dashboard:AllowRemoteAccess", error.Message, StringComparison.Ordinal);
    }
}
