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
        return TypedResults.Ok(caller.Unrestricted || caller.Scopes.Contains(Scopes.Admin)
            ? state
            : new IndexState(state.Current is { } current ? current with { Documents = null } : null, state.Building is { } building ? building with { Documents = null } : null));
    }
}
