using Ingestion.Client.Model;
using Ingestion.Gateway.Experiments;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>The outcome of an A/B experiment of search settings (<c>Gateway:Experiments</c>), for operators.</summary>
public static class ExperimentsApi
{
    public static RouteHandlerBuilder MapExperimentsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapGet("/api/experiments/{name}", Get)
            .WithTags("Evaluation")
            .WithSummary("An experiment's arms: lists served, lists whose documents were judged useful or cited, the rate with its 95% interval, and (interleaved) B's win rate.")
            .RequireScope(Scopes.Admin)
            .RequireRateLimiting(GatewayRateLimiting.ReadPolicy);
    }

    public static async Task<Results<Ok<ExperimentReport>, NotFound>> Get(string name, ExperimentLog log, IOptions<ExperimentOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.Active.FirstOrDefault(e => e.Name == name);
        var running = configured is not null && ReferenceEquals(configured, options.Value.Active[0]);
        return await log.ReportAsync(name, running, configured?.Interleave ?? false, cancellationToken) is { } report ? TypedResults.Ok(report) : TypedResults.NotFound();
    }
}
