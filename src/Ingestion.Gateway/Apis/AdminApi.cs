using System.Security.Cryptography;
using System.Text;
using Ingestion.Gateway.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>Operations for whoever runs the system, behind the <c>Gateway:AdminApiKey</c> in an <c>X-Api-Key</c> header.</summary>
public static class AdminApi
{
    public const string ApiKeyHeader = "X-Api-Key";
    private const int MaxRedrive = 100_000;

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/admin").WithTags("Admin").AddEndpointFilter(RequireApiKey);
        group.MapPost("/redrive", Redrive).WithSummary("Move messages that exhausted their retries from the error queues back to their queues.");
        return group;
    }

    public static async Task<Results<Ok<RedriveResult>, ValidationProblem>> Redrive(int? max, ErrorQueueRedrive redrive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redrive);
        if (max is < 1 or > MaxRedrive)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["max"] = [$"max must be between 1 and {MaxRedrive}."] });
        }

        return TypedResults.Ok(new RedriveResult(await redrive.RedriveAsync(max ?? MaxRedrive, cancellationToken)));
    }

    private static async ValueTask<object?> RequireApiKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AdminApiKey;
        if (configured is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The admin API is off", detail: "Set Gateway:AdminApiKey (at least 16 characters) to turn it on.");
        }

        var given = context.HttpContext.Request.Headers[ApiKeyHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(configured))))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send the admin API key in the {ApiKeyHeader} header.");
        }

        return await next(context);
    }
}

/// <summary>How many messages each queue got back from its error queue.</summary>
public sealed record RedriveResult(IReadOnlyDictionary<string, int> Moved);
