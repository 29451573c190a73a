using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Gateway.Apis;

/// <summary>Operations for whoever runs the system: the <c>admin</c> scope.</summary>
public static class AdminApi
{
    public const string ApiKeyHeader = ApiKeyAuthenticationHandler.Header;
    private const int MaxRedrive = 100_000;

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/admin").WithTags("Admin").RequireScope(Scopes.Admin);
        group.MapPost("/redrive", Redrive).WithSummary("Move messages that exhausted their retries from the error queues back to their queues.");
        return group;
    }

    public static async Task<Results<Ok<RedriveResult>, ValidationProblem>> Redrive(int? max, ErrorQueueRedrive redrive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redrive);
        if (max is < 1 or > MaxRedrive)
        {
            return RequestErrors.Of("max", $"max must be between 1 and {MaxRedrive}.");
        }

        return TypedResults.Ok(new RedriveResult(await redrive.RedriveAsync(max ?? MaxRedrive, cancellationToken)));
    }
}

/// <summary>How many messages each queue got back from its error queue.</summary>
public sealed record RedriveResult(IReadOnlyDictionary<string, int> Moved);
