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
            .RequireRateLimiting(GatewayRateLimiting.ReadPolicy);
        return group;
    }

    public static async Task<Ok<IndexState>> GetIndex(IChunkIndexReader searcher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        return TypedResults.Ok(await searcher.DescribeAsync(cancellationToken));
    }
}
