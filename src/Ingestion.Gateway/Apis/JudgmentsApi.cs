using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Judgments;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Security;
using Ingestion.Index.Judgments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>
/// Judgment sets as data of the system: a team's own (imported), and those the system fills from feedback and cited
/// answers. Only for <c>admin</c>: a set holds other callers' queries and the documents they judged.
/// </summary>
public static class JudgmentsApi
{
    /// <summary>Most characters of a query id or a document id in a set.</summary>
    public const int MaxIdLength = 512;

    public static RouteGroupBuilder MapJudgmentsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = app.ServiceProvider.GetRequiredService<IOptions<JudgmentOptions>>().Value;
        var group = app.MapGroup("/api/judgments").WithTags("Evaluation").RequireScope(Scopes.Admin).RequireRateLimiting(GatewayRateLimiting.ReadPolicy);
        group.MapGet("/", List).WithSummary("The judgment sets kept: imported ones, feedback and citations.");
        group.MapGet("/{name}", Get).WithSummary("A judgment set's queries and judgments (one grade per judged query and document).");
        group.MapPut("/{name}", Put)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxImportBytes))
            .WithSummary("Create or replace an imported judgment set: queries (id, text) and judgments (queryId, documentId, grade 0-3).");
        group.MapDelete("/{name}", Delete).WithSummary("Delete a judgment set.");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<JudgmentSetSummary>>> List(JudgmentStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return TypedResults.Ok(await store.ListAsync(cancellationToken));
    }

    public static async Task<Results<Ok<JudgmentSet>, NotFound>> Get(string name, JudgmentStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetAsync(name, cancellationToken) is { } set ? TypedResults.Ok(set) : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<JudgmentSetSummary>, ValidationProblem, ProblemHttpResult>> Put(
        string name,
        JudgmentSetImport body,
        JudgmentStore store,
        IOptions<JudgmentOptions> options,
        IOptions<GatewayOptions> gateway,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gateway);
        var errors = new RequestErrors();
        var limits = options.Value;
        if (!JudgmentSetNames.IsValid(name))
        {
            errors.Add("name", "name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        else if (JudgmentSetNames.IsReserved(name))
        {
            errors.Add("name", $"'{name}' is the set the system fills itself; import under another name.");
        }

        var queries = body.Queries ?? [];
        var judgments = body.Judgments ?? [];
        if (queries.Count == 0 || queries.Count > limits.MaxQueries)
        {
            errors.Add("queries", $"queries must hold 1 to {limits.MaxQueries} queries (Gateway:Judgments:MaxQueries).");
        }
        else if (queries.Any(q => q is null))
        {
            errors.Add("queries", "queries must not hold null.");
        }
        else if (queries.FirstOrDefault(q => string.IsNullOrWhiteSpace(q.Id) || q.Id.Length > MaxIdLength || string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > gateway.Value.MaxBodyQueryLength) is { } bad)
        {
            errors.Add("queries", $"query '{Cut(bad.Id)}' needs an id of 1 to {MaxIdLength} characters and a text of 1 to {gateway.Value.MaxBodyQueryLength} (Gateway:MaxBodyQueryLength).");
        }
        else if (queries.CountBy(q => q.Id).FirstOrDefault(c => c.Value > 1) is { Key: { } repeated })
        {
            errors.Add("queries", $"query '{Cut(repeated)}' is given twice.");
        }

        var known = queries.Where(q => q is not null).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        if (judgments.Count == 0 || judgments.Count > limits.MaxJudgments)
        {
            errors.Add("judgments", $"judgments must hold 1 to {limits.MaxJudgments} judgments (Gateway:Judgments:MaxJudgments).");
        }
        else if (judgments.Any(j => j is null))
        {
            errors.Add("judgments", "judgments must not hold null.");
        }
        else if (judgments.FirstOrDefault(j => j.Grade is < 0 or > 3) is { } outOfRange)
        {
            errors.Add("judgments", $"the judgment of '{Cut(outOfRange.DocumentId)}' for query '{Cut(outOfRange.QueryId)}' has grade {outOfRange.Grade}; grades are 0 (not relevant) to 3.");
        }
        else if (judgments.FirstOrDefault(j => string.IsNullOrWhiteSpace(j.DocumentId) || j.DocumentId.Length > MaxIdLength) is { } noDocument)
        {
            errors.Add("judgments", $"a judgment for query '{Cut(noDocument.QueryId)}' needs a document id of 1 to {MaxIdLength} characters.");
        }
        else if (judgments.FirstOrDefault(j => !known.Contains(j.QueryId)) is { } unknown)
        {
            errors.Add("judgments", $"query '{Cut(unknown.QueryId)}' is judged but not among the queries.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            await store.ReplaceAsync(name, queries, judgments, cancellationToken);
        }
        catch (JudgmentSetsFullException full)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many judgment sets", detail: full.Message);
        }

        return TypedResults.Ok((await store.SummaryAsync(name, cancellationToken))!);
    }

    /// <summary>Deletes the set and answers what it held.</summary>
    public static async Task<Results<Ok<JudgmentSetSummary>, NotFound>> Delete(string name, JudgmentStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var summary = await store.SummaryAsync(name, cancellationToken);
        return summary is not null && await store.DeleteAsync(name, cancellationToken) ? TypedResults.Ok(summary) : TypedResults.NotFound();
    }

    /// <summary>An id as a problem names it: a client's id may be as long as a body, a message need not be.</summary>
    private static string Cut(string? id) => id is null ? "" : id.Length > 80 ? id[..80] + "…" : id;
}
