using Ingestion.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ingestion.Dashboard.Api;

/// <summary>The resources the AppHost runs, their console output, and the stop/start/restart actions.</summary>
internal static class ResourcesApi
{
    private static readonly string[] Actions = ["stop", "start", "restart"];

    public static RouteGroupBuilder MapResourcesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/resources");
        api.MapGet("/", ListResources);
        api.MapGet("/{name}/console", ConsoleLines);
        api.MapPost("/{name}/{action}", RunAction);
        return api;
    }

    private static Ok<ResourceView[]> ListResources(DistributedApplication application, TimeProvider clock) =>
        TypedResults.Ok(application.Resources.Select(r => ResourceView.Of(r, clock.GetUtcNow())).ToArray());

    private static Results<Ok<ConsoleView>, ProblemHttpResult> ConsoleLines(string name, long? after, DistributedApplication application)
    {
        var resource = application.Resources.FirstOrDefault(r => r.Name == name);
        if (resource is null)
        {
            return Problems.UnknownResource(name);
        }

        var lines = resource.Log.After(after ?? 0);
        return TypedResults.Ok(new ConsoleView(
            resource.Name,
            lines.Count > 0 ? lines[^1].Sequence : after ?? 0,
            [.. lines.Select(l => new ConsoleLineView(l.Sequence, l.Time, l.IsError, l.Text))]));
    }

    /// <summary>Accepted at once and carried out in the background: a restart can take as long as the resource needs to become ready.</summary>
    private static Results<Accepted, ProblemHttpResult> RunAction(
        string name, string action, DistributedApplication application, ILoggerFactory loggers)
    {
        if (application.Resources.All(r => r.Name != name))
        {
            return Problems.UnknownResource(name);
        }

        if (!Actions.Contains(action))
        {
            return Problems.BadRequest("Unknown action", $"'{action}' is not one of: {string.Join(", ", Actions)}.");
        }

        var logger = loggers.CreateLogger("Ingestion.Dashboard.Resources");
        _ = Task.Run(async () =>
        {
            try
            {
                await (action switch
                {
                    "stop" => application.StopResourceAsync(name),
                    "start" => application.StartResourceAsync(name),
                    _ => application.RestartResourceAsync(name),
                });
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The {Action} of {Resource} failed", action, name);
            }
        });
        return TypedResults.Accepted((string?)null);
    }
}
