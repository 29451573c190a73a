using System.Web;

namespace Ingestion.Dashboard.Tests.Browser;

/// <summary>
/// Where things are in the Aspire 13.6 dashboard (Blazor with Fluent UI web components) and how to wait for them: its
/// pages fill in after their live connection starts, and a trace or instrument that arrived after a page loaded is
/// only shown after a reload.
/// </summary>
internal static class DashboardPages
{
    public static string StructuredLogs(string resource, string messageContains) =>
        $"/structuredlogs/resource/{Uri.EscapeDataString(resource)}?filters=" + Uri.EscapeDataString($"log.message:contains:{HttpUtility.UrlEncode(messageContains)}");

    public static string Metrics(string resource, string meter, string instrument) =>
        $"/metrics/resource/{Uri.EscapeDataString(resource)}?meter={Uri.EscapeDataString(meter)}&instrument={Uri.EscapeDataString(instrument)}";

    /// <summary>The state shown for a resource: "Running" (and healthy), "Running (Unhealthy)", "Finished", …</summary>
    public static ILocator ResourceState(IPage page, string shownName) =>
        page.Locator("tr.resource-row")
            .Filter(new() { Has = page.Locator($".resource-name-text:text-is(\"{shownName}\")") })
            .Locator(".state-column-cell > span").First;

    public static async Task<IReadOnlyList<string>> ResourceNamesAsync(IPage page)
    {
        await page.Locator("tr.resource-row").First.WaitForAsync();
        return [.. (await page.Locator("tr.resource-row .resource-name-text").AllInnerTextsAsync()).Select(n => n.Trim())];
    }

    /// <summary>Opens a trace, reloading until the dashboard has received it.</summary>
    public static async Task OpenTraceAsync(IPage page, string traceId)
    {
        await ReloadUntilAsync(page, $"/traces/detail/{traceId}", page.Locator(".span-name-container"), page.GetByText("not found"));
    }

    /// <summary>Opens an instrument's chart, reloading until the dashboard knows the instrument.</summary>
    public static async Task OpenMetricAsync(IPage page, string resource, string meter, string instrument)
    {
        var chart = page.Locator(".js-plotly-plot .main-svg");
        var notYet = page.GetByText("Select instrument.").Or(page.Locator("h3.meter-name-title")).Or(page.GetByText("No metrics for the selected resource"));
        await ReloadUntilAsync(page, Metrics(resource, meter, instrument), chart, notYet);
    }

    /// <summary>The chart's values, from plotly's own data: one a time bucket, null where the bucket has none.</summary>
    public static Task<double?[]> ChartValuesAsync(IPage page) =>
        page.EvaluateAsync<double?[]>("() => { const el = document.querySelector('.js-plotly-plot'); return el && el.data && el.data.length ? el.data[0].y : []; }");

    public static Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    private static async Task ReloadUntilAsync(IPage page, string url, ILocator shown, ILocator notYet)
    {
        await page.GotoAsync(url);
        await Eventually.TrueAsync(
            async () =>
            {
                await shown.Or(notYet).First.WaitForAsync();
                if (await shown.CountAsync() > 0)
                {
                    return true;
                }

                await page.ReloadAsync();
                return false;
            },
            $"{url} to show what it was opened for");
    }
}
