using Ingestion.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ingestion.Dashboard.Api;

/// <summary>What the traces, structured-logs and metrics views show, as JSON for the UI, scripts and tests.</summary>
internal static class TelemetryApi
{
    private const int MaxLimit = 5000;

    public static RouteGroupBuilder MapTelemetryApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/telemetry");
        api.MapGet("/resources", (TelemetryStore store) => TypedResults.Ok(store.ResourceNames));
        api.MapGet("/traces", ListTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        api.MapGet("/logs", ListLogs);
        api.MapGet("/metrics", ListInstruments);
        api.MapGet("/metrics/{resource}/{instrument}", GetChart);
        return api;
    }

    private static Results<Ok<IReadOnlyList<TraceSummary>>, ProblemHttpResult> ListTraces(
        TelemetryStore store, string? resource, string? text, bool? errors, int? limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("Invalid limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(store.Traces(new TraceQuery(resource, text, errors ?? false, limit ?? 200)));
    }

    private static Results<Ok<TraceDetail>, ProblemHttpResult> GetTrace(TelemetryStore store, string traceId) =>
        store.Trace(traceId) is { } trace ? TypedResults.Ok(trace) : Problems.UnknownTrace(traceId);

    private static Results<Ok<IReadOnlyList<LogEntry>>, ProblemHttpResult> ListLogs(
        TelemetryStore store, string? resource, string? level, string? text, string? traceId, int? limit)
    {
        LogLevel? minimum = null;
        if (level is { Length: > 0 })
        {
            if (!Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problems.BadRequest("Invalid level", $"level must be one of: {string.Join(", ", Enum.GetNames<LogLevel>())}.");
            }

            minimum = parsed;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("Invalid limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(store.Logs(new LogQuery(resource, minimum, text, traceId, limit ?? 500)));
    }

    private static Results<Ok<IReadOnlyList<InstrumentSummary>>, ProblemHttpResult> ListInstruments(TelemetryStore store, string? resource) =>
        resource is { Length: > 0 }
            ? TypedResults.Ok(store.Instruments(resource))
            : Problems.BadRequest("Missing resource", "Name the resource whose instruments to list: ?resource=NAME.");

    private static Results<Ok<InstrumentChart>, ProblemHttpResult> GetChart(TelemetryStore store, string resource, string instrument) =>
        store.Chart(resource, instrument) is { } chart ? TypedResults.Ok(chart) : Problems.UnknownInstrument(resource, instrument);
}
