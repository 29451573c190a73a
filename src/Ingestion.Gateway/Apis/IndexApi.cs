using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Security;
using Ingestion.Index;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Gateway.Apis;

/// <summary>The state of the index: which one searches read, its embedding model, and a re-index for a new model under way.</summary>
public static class IndexApi
{
    public static RouteGroupBuilder MapIndexApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/index").WithTags("Index");
        group.MapGet("/", GetIndex)
            .WithSummary("The index searches read (name, embedding model, documents) and the one a re-index is building.")
            .RequireScope(Scopes.Read)
            .RequireRateLimiting(GatewayRateLimiting.ReadPolicy);
        group.MapPost("/switch", Switch)
            .WithSummary("Switches searches to the index a re-index built while the switch gate holds it (an operator's decision).")
            .RequireScope(Scopes.Admin)
            .RequireRateLimiting(GatewayRateLimiting.ReadPolicy);
        return group;
    }

    /// <summary>
    /// The index's state; how many documents it holds counts documents of every reader, so only a caller who reads
    /// everything (single-user) or runs the system (<c>admin</c>) is told.
    /// </summary>
    public static async Task<Ok<IndexState>> GetIndex(IChunkIndexReader searcher, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(caller);
        var state = await searcher.DescribeAsync(cancellationToken);
        // The gate's figures are computed over every reader's documents: others are told only that the switch is held.
        return TypedResults.Ok(caller.Unrestricted || caller.Scopes.Contains(Scopes.Admin)
            ? state
            : new IndexState(
                state.Current is { } current ? current with { Documents = null } : null,
                state.Building is { } building ? building with { Documents = null } : null,
                state.Held is { } held ? held with { Reason = "The switch gate holds this re-index until an operator decides.", Queries = 0, Current = null, Building = null, PValue = null } : null));
    }

    /// <summary>Approves the held switch; the indexer moves searches to the built index within seconds. 409 when nothing is held.</summary>
    public static async Task<Results<Ok<SwitchHold>, ProblemHttpResult>> Switch(IChunkIndexReader searcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        return await searcher.ApproveHeldSwitchAsync(cancellationToken) is { } approved
            ? TypedResults.Ok(approved)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No switch is held", detail: "No re-index is held by the switch gate (Index:SwitchGate): there is nothing to switch to.");
    }
}
