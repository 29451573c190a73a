namespace Ingestion.Dashboard.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (Playwright's own browser download cannot work on these
/// machines). <c>CHROMIUM_PATH</c> overrides where it is found.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Arguments = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : Find();
        if (path is null || !File.Exists(path))
        {
            Assert.Fail("Chromium is not installed. Run 'bash eng/install-browser.sh' (it installs Debian's chromium), or set CHROMIUM_PATH.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = path, Headless = true, Args = Arguments });
        return (playwright, browser);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => new[] { Path.Combine(folder, "chromium"), Path.Combine(folder, "chromium-browser") })
            .FirstOrDefault(File.Exists);
}
