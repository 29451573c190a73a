using Ingestion.Client.Model;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Judgments;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Security;
using Ingestion.Index;
using Ingestion.Index.Judgments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>
/// A caller's judgment of a hit it was shown, kept in the <c>feedback</c> judgment set as its own (a later judgment of
/// the same hit replaces it), so a team's users build its judgments as they search.
/// </summary>
public static class FeedbackApi
{
    public static RouteHandlerBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapPost("/api/feedback", Post)
            .WithTags("Evaluation")
            .WithSummary("Judge a document a search or an ask showed: a grade (0-3) or helpful (true: 1, false: 0).")
            .RequireScope(Scopes.Read)
            .RequireRateLimiting(GatewayRateLimiting.SearchPolicy);
    }

    /// <summary>
    /// Kept only for a document the caller may read: of any other the answer is the same 404 as of one that does not
    /// exist, so feedback reveals nothing a search would not.
    /// </summary>
    public static async Task<Results<Ok<FeedbackAccepted>, ValidationProblem, NotFound, ProblemHttpResult>> Post(
        FeedbackRequest body,
        Caller caller,
        JudgmentStore store,
        IChunkIndexReader index,
        IOptions<GatewayOptions> gateway,
        IOptions<JudgmentOptions> judgments,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(judgments);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(gateway);
        var errors = new RequestErrors();
        // A search's own bound (not a body's): each caller's feedback is kept, so its bytes are bounded by this times MaxFeedbackPerCaller.
        if (string.IsNullOrWhiteSpace(body.Query) || body.Query.Length > gateway.Value.MaxQueryLength)
        {
            errors.Add("query", $"query is required, at most {gateway.Value.MaxQueryLength} characters (Gateway:MaxQueryLength).");
        }

        if (string.IsNullOrWhiteSpace(body.DocumentId) || body.DocumentId.Length > JudgmentsApi.MaxIdLength)
        {
            errors.Add("documentId", $"documentId is required, at most {JudgmentsApi.MaxIdLength} characters.");
        }

        if ((body.Grade is null) == (body.Helpful is null))
        {
            errors.Add("grade", "give either grade (0 to 3) or helpful (true or false).");
        }
        else if (body.Grade is < 0 or > 3)
        {
            errors.Add("grade", "grade must be between 0 (not relevant) and 3 (highly relevant).");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        using (var snapshot = index.AcquireSnapshot())
        {
            var readable = await snapshot.DocumentChunksAsync(body.DocumentId!, caller.Restrict(SearchFilter.None), 0, int.MaxValue, 1, cancellationToken);
            if (readable.Count == 0)
            {
                return TypedResults.NotFound();
            }
        }

        var grade = body.Grade ?? (body.Helpful == true ? 1 : 0);
        if (!await store.AddAsync(JudgmentSetNames.Feedback, body.Query!, [(body.DocumentId!, grade)], CallerJudge.Of(caller), judgments.Value.MaxFeedbackPerCaller, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The feedback set is full",
                detail: $"The feedback set holds as many judgments or queries as Gateway:Judgments allows, or this caller's {judgments.Value.MaxFeedbackPerCaller} judgments (Gateway:Judgments:MaxFeedbackPerCaller); a new grade of a document the caller already judged for the same query replaces its own. An admin may export and delete the set.");
        }

        return TypedResults.Ok(new FeedbackAccepted(JudgmentSetNames.Feedback, JudgmentStore.QueryIdOf(body.Query!), body.DocumentId!, grade));
    }
}
