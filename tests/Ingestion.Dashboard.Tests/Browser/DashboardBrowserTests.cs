using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Ingestion.Dashboard.Tests.Browser;

/// <summary>
/// The real Aspire dashboard of the running system, in Debian's Chromium through Playwright: what a newcomer follows
/// from the README. Screenshots go to <c>screenshots/</c> beside the test assembly.
/// </summary>
[Collection(WithDashboard.Name)]
public sealed class DashboardBrowserTests(DashboardSystem system) : IAsyncLifetime
{
    private static readonly string[] Resources = ["cache", "messaging", "messaging-epmd", "indexer", "worker", "gateway"];
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;

    private TestSystem Running => system.Running;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await Chromium.LaunchAsync();
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Running.DashboardUrl.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1600, Height = 1000 },
            Locale = "en-US",
        });
        _page = await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task WithoutTheTokenTheBrowserGetsOnlyTheLoginPage()
    {
        await _page.GotoAsync("/");

        await Expect(_page).ToHaveURLAsync(new Regex(@"/login\?returnUrl=%2F$"));
        await Expect(_page.Locator("#token-text-field")).ToBeVisibleAsync();
        Assert.Equal(0, await _page.Locator("tr.resource-row").CountAsync());
        await DashboardPages.ScreenshotAsync(_page, "login");

        await _page.GotoAsync("/login?t=not-the-token");
        await Expect(_page).ToHaveURLAsync(new Regex("/login"));
        Assert.Equal(0, await _page.Locator("tr.resource-row").CountAsync());
    }

    [Fact]
    public async Task EveryResourceIsRunningAndHealthy()
    {
        await LogInAsync();

        var names = await DashboardPages.ResourceNamesAsync(_page);
        foreach (var resource in Resources)
        {
            var shown = Assert.Single(names, n => n == resource || (resource == "worker" && n.StartsWith("worker-", StringComparison.Ordinal)));
            await Expect(DashboardPages.ResourceState(_page, shown)).ToHaveTextAsync("Running", new() { Timeout = 60_000 });
        }

        await DashboardPages.ScreenshotAsync(_page, "resources");
    }

    [Fact]
    public async Task ADocumentChangeIsOneTraceFromTheGatewayThroughTheWorkerToTheIndexWriteWithTheWorkersLogLines()
    {
        var id = $"dashboard-{Guid.NewGuid():N}";
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{id}") { Content = JsonContent.Create(new { contentType = "text/plain", content = "Kingfishers dive for fish in clear streams." }) })
        {
            put.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            (await Running.Gateway.SendAsync(put)).EnsureSuccessStatusCode();
        }

        await system.WaitForStateAsync(id, "indexed", 1);
        await LogInAsync();

        await DashboardPages.OpenTraceAsync(_page, traceId);
        foreach (var span in new[] { "gateway: PUT /api/documents/{id}", "worker: embed", "indexer: index" })
        {
            await Expect(_page.GetByRole(AriaRole.Gridcell, new() { Name = span, Exact = true })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }

        await DashboardPages.ScreenshotAsync(_page, "trace");

        var worker = (await Running.InstancesAsync("worker", expected: 1))[0];
        await _page.GotoAsync(DashboardPages.StructuredLogs("worker", id));
        await Expect(_page.Locator("tr[aria-rowindex] td span.grid-value", new() { HasText = $"Processing {id}" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await DashboardPages.ScreenshotAsync(_page, "structured-logs");

        await _page.GotoAsync($"/consolelogs/resource/{worker}");
        await Expect(_page.Locator("#logContainer .log-content", new() { HasText = $"Embedded {id}" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await DashboardPages.ScreenshotAsync(_page, "console");
    }

    [Fact]
    public async Task AnIngestionMetricIsChartedWithPoints()
    {
        var id = $"metric-{Guid.NewGuid():N}";
        await system.PutAsync(id, new { contentType = "text/plain", content = "Dippers walk under water." });
        await system.WaitForStateAsync(id, "indexed", 1);
        await LogInAsync();

        await DashboardPages.OpenMetricAsync(_page, "worker", "Ingestion", "ingestion.chunks.embedded");
        await Eventually.TrueAsync(async () => (await DashboardPages.ChartValuesAsync(_page)).Any(v => v >= 1), "the chart of ingestion.chunks.embedded to have a point of at least 1");

        await DashboardPages.ScreenshotAsync(_page, "metrics");
    }

    private async Task LogInAsync()
    {
        await _page.GotoAsync($"/login?t={Running.BrowserToken}");
        await Expect(_page).ToHaveURLAsync(Running.DashboardUrl.ToString());
    }
}
