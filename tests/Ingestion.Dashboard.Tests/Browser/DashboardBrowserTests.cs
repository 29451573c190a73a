using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ingestion.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard as a user sees it, in a real browser against the whole system started by the AppHost:
/// log in with the token, see every resource healthy, follow one document's ingestion from the
/// gateway's HTTP request through the worker to the indexer's write, find the worker's log lines and a chart.
/// Screenshots go to <c>screenshots/</c> in the test output folder.
/// </summary>
[Collection(RunningSystem.Name)]
public sealed class DashboardBrowserTests(SystemFixture system, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string ScreenshotFolder = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync() => (_playwright, _browser) = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task ADocumentCanBeFollowedFromTheHttpRequestToTheIndexWrite()
    {
        var documentId = $"dashboard-{Guid.NewGuid():N}"[..20];
        var accepted = await system.PutAsync(documentId, new
        {
            title = "Watching ingestion",
            contentType = "text/markdown",
            content = "# Watching ingestion\n\nThe dashboard shows one trace from the HTTP request through RabbitMQ to the index write.",
        });
        var version = accepted.GetProperty("version").GetInt64();
        var status = await system.WaitForStateAsync(documentId, "indexed", version);
        var traceId = status.GetProperty("traceId").GetString()!;
        await system.SearchAsync("trace through RabbitMQ", "hybrid");

        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();

        // Log in as a newcomer would: the dashboard sends us to its login page, where the token goes.
        await page.GotoAsync(system.Dashboard.Url.ToString());
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.FillAsync("#token", system.Dashboard.Gate.Token);
        await page.ClickAsync("button[type=submit]");

        // Resources: every one of them healthy.
        var resourceCount = system.App.Resources.Count;
        await Expect(page.Locator("#resources tr[data-state=healthy]")).ToHaveCountAsync(resourceCount);
        foreach (var resource in system.App.Resources)
        {
            await Expect(page.Locator($"#resources tr[data-resource='{resource.Name}'] .state")).ToHaveTextAsync("healthy");
        }

        await ScreenshotAsync(page, "resources");

        // Traces: the document's trace is listed with both services, and its waterfall holds every step.
        await page.GotoAsync($"{system.Dashboard.Url}#/traces?text={traceId}");
        var row = page.Locator($"#traces tr[data-trace-id='{traceId}']");
        await Expect(row).ToContainTextAsync("gateway");
        await Expect(row).ToContainTextAsync("worker");
        await ScreenshotAsync(page, "traces");

        await row.ClickAsync();
        var waterfall = page.Locator("#waterfall");
        await Expect(waterfall.Locator(".span-row[data-resource=indexer][data-name=index]")).ToHaveCountAsync(1);
        foreach (var (resource, name) in new[]
        {
            ("gateway", "PUT /api/documents/{id}"),
            ("gateway", "Ingestion.Contracts:DocumentUpserted send"),
            ("worker", "document-upserted receive"),
            ("worker", "extract"),
            ("worker", "chunk"),
            ("worker", "embed"),
            ("worker", "Ingestion.Contracts:DocumentEmbedded send"),
            ("indexer", "document-embedded receive"),
            ("indexer", "index"),
        })
        {
            await Expect(waterfall.Locator($".span-row[data-resource='{resource}'][data-name='{name}']")).ToHaveCountAsync(1);
        }

        await waterfall.Locator(".span-row[data-name=index]").ClickAsync();
        await Expect(page.Locator("#span-details")).ToContainTextAsync(documentId);
        await ScreenshotAsync(page, "trace-waterfall");

        // Structured logs: the worker's lines about this document, linked to the same trace.
        await page.GotoAsync($"{system.Dashboard.Url}#/logs?resource=worker&text={documentId}");
        var logRow = page.Locator(".log-row[data-resource=worker]").Filter(new LocatorFilterOptions { HasText = documentId }).First;
        await Expect(logRow).ToBeVisibleAsync();
        await Expect(logRow.Locator($"a[href='#/traces/{traceId}']")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "structured-logs");

        // Metrics: the worker's chunks-embedded counter has a chart with points.
        await page.GotoAsync($"{system.Dashboard.Url}#/metrics/worker/ingestion.chunks.embedded");
        await Expect(page.Locator("svg.chart circle.point").First).ToBeVisibleAsync();
        var points = int.Parse(await page.Locator("svg.chart").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(points > 0, "The chart has no points.");
        await ScreenshotAsync(page, "metrics");

        // Console logs: the worker's own output, live.
        await page.GotoAsync($"{system.Dashboard.Url}#/console/worker");
        await Expect(page.Locator("#console-output")).ToContainTextAsync("Now listening on");
        await ScreenshotAsync(page, "console");
    }

    [Fact]
    public async Task ViewsFollowChangesWithoutReloadingAndResourceActionsWork()
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(system.Dashboard.LoginUrl.ToString());

        // The trace list shows a new document's trace while it is open.
        await page.GotoAsync($"{system.Dashboard.Url}#/traces");
        await Expect(page.Locator("#traces")).ToBeVisibleAsync();
        var documentId = $"live-{Guid.NewGuid():N}"[..16];
        var accepted = await system.PutAsync(documentId, new { title = "Live", contentType = "text/plain", content = "Views update themselves." });
        var traceId = accepted.GetProperty("traceId").GetString()!;
        await Expect(page.Locator($"#traces tr[data-trace-id='{traceId}']")).ToHaveCountAsync(1);

        // The console view shows the worker's output of a restart while it is open.
        var worker = system.App.Resources.Single(r => r.Name == "worker");
        var restartsBefore = worker.RestartCount;
        await page.GotoAsync($"{system.Dashboard.Url}#/console/worker");
        var listening = page.Locator("#console-output div").Filter(new LocatorFilterOptions { HasText = "Now listening on" });
        await Expect(listening).ToHaveCountAsync(1 + restartsBefore);
        using (var restart = await system.DashboardApi.PostAsync("/api/resources/worker/restart", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        }

        await Expect(listening).ToHaveCountAsync(2 + restartsBefore, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });

        // The resources view: stop and start from its buttons, state and restart count follow live.
        await page.GotoAsync($"{system.Dashboard.Url}#/resources");
        var row = page.Locator("#resources tr[data-resource=worker]");
        await Expect(row).ToHaveAttributeAsync("data-state", "healthy", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
        await row.Locator("button[data-action=stop]").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "exited", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await ScreenshotAsync(page, "resources-worker-stopped");
        await row.Locator("button[data-action=start]").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "healthy", new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
        Assert.Equal(restartsBefore + 2, worker.RestartCount);

        // The restarted worker still ingests.
        var after = await system.PutAsync($"{documentId}-after", new { title = "After", contentType = "text/plain", content = "Ingested after the restart." });
        await system.WaitForStateAsync($"{documentId}-after", "indexed", after.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task WithoutTheTokenTheBrowserGetsOnlyTheLoginPage()
    {
        await using var context = await _browser!.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{system.Dashboard.Url}#/traces");
        var api = await context.APIRequest.GetAsync(new Uri(system.Dashboard.Url, "/api/resources").ToString());

        Assert.Equal("/login", new Uri(page.Url).AbsolutePath);
        await Expect(page.Locator("#token")).ToBeVisibleAsync();
        Assert.Equal((int)HttpStatusCode.Unauthorized, api.Status);

        await page.FillAsync("#token", "not-the-token");
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("not this dashboard's");
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await context.APIRequest.GetAsync(new Uri(system.Dashboard.Url, "/api/resources").ToString())).Status);
    }

    [Fact]
    public async Task TheJsonApiShowsWhatTheTraceViewShows()
    {
        var documentId = $"api-{Guid.NewGuid():N}"[..16];
        var accepted = await system.PutAsync(documentId, new { title = "API", contentType = "text/plain", content = "Scripts read the dashboard's JSON." });
        var status = await system.WaitForStateAsync(documentId, "indexed", accepted.GetProperty("version").GetInt64());
        var traceId = status.GetProperty("traceId").GetString()!;

        // The worker exports its spans on its own schedule (every second): wait for them, never sleep.
        var traces = await Eventually.ValueAsync(
            async () =>
            {
                var list = JsonDocument.Parse(await system.DashboardApi.GetStringAsync("/api/telemetry/traces?resource=worker")).RootElement;
                return list.EnumerateArray().FirstOrDefault(t => t.GetProperty("traceId").GetString() == traceId) is { ValueKind: JsonValueKind.Object } trace
                    && trace.GetProperty("resources").EnumerateArray().Select(r => r.GetString()).Contains("gateway")
                    && trace.GetProperty("resources").EnumerateArray().Select(r => r.GetString()).Contains("indexer") ? trace : (JsonElement?)null;
            },
            $"trace {traceId} with spans of gateway, worker and indexer");

        Assert.Equal("gateway", traces.GetProperty("rootResource").GetString());
        Assert.False(traces.GetProperty("hasError").GetBoolean());
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
