using System.Text.Json;
using Ingestion.Dashboard.Telemetry;
using Ingestion.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Ingestion.Dashboard.Api;

/// <summary>
/// <c>GET /api/live</c>: a server-sent event whenever anything a view shows changed (resource states,
/// console lines, spans, logs, metric points), so open views fetch again without a manual refresh.
/// </summary>
internal static class LiveUpdates
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/live", StreamAsync);
        return endpoints;
    }

    private static async Task StreamAsync(HttpContext context, DistributedApplication application, TelemetryStore store, IOptions<JsonOptions> json)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var cancellation = context.RequestAborted;
        string? last = null;
        var quietSince = DateTimeOffset.UtcNow;
        try
        {
            using var timer = new PeriodicTimer(CheckInterval);
            do
            {
                var state = JsonSerializer.Serialize(new LiveState(
                    [.. application.Resources.Select(r => $"{r.Name}:{ResourceView.StateName(r.State)}:{r.ProcessId}:{r.RestartCount}")],
                    application.Resources.ToDictionary(r => r.Name, r => r.Log.Total),
                    store.Versions), json.Value.SerializerOptions);
                if (state != last)
                {
                    await context.Response.WriteAsync($"data: {state}\n\n", cancellation);
                    await context.Response.Body.FlushAsync(cancellation);
                    last = state;
                    quietSince = DateTimeOffset.UtcNow;
                }
                else if (DateTimeOffset.UtcNow - quietSince > KeepAlive)
                {
                    // A comment line keeps proxies from closing an idle stream.
                    await context.Response.WriteAsync(": keep-alive\n\n", cancellation);
                    await context.Response.Body.FlushAsync(cancellation);
                    quietSince = DateTimeOffset.UtcNow;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellation));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The browser closed the view.
        }
    }

    private sealed record LiveState(IReadOnlyList<string> Resources, IReadOnlyDictionary<string, long> Console, TelemetryVersions Telemetry);
}
