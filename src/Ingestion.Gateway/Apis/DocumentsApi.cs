using Ingestion.Contracts;
using Ingestion.Core.Status;
using Ingestion.Gateway.Documents;
using Ingestion.Gateway.Identity;
using Ingestion.Gateway.Model;
using Ingestion.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Apis;

/// <summary>Document changes in (published to RabbitMQ), ingestion status out (read from Redis).</summary>
public static class DocumentsApi
{
    private const string TextSuffix = "/text";

    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var group = app.MapGroup("/api/documents").WithTags("Documents");
        group.MapPut("/{id}", PutDocument)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxDocumentBytes))
            .WithSummary("Create or replace a document; ingestion happens asynchronously.")
            .RequireScope(Scopes.Write)
            .RequireRateLimiting(GatewayRateLimiting.WritePolicy);
        group.MapDelete("/{id}", DeleteDocument)
            .WithSummary("Delete a document and every chunk of it.")
            .RequireScope(Scopes.Write)
            .RequireRateLimiting(GatewayRateLimiting.WritePolicy);
        group.MapGet("/{id}", GetDocument).WithName(ChangeAcceptance.StatusRouteName).WithSummary("Ingestion status of a document.").RequireScope(Scopes.Read);
        group.MapGet("/{id}/text", GetDocumentText)
            .WithSummary("A document's extracted text, or a stretch of it from a character offset (to expand a citation); 404 for a document the caller may not read.")
            .RequireScope(Scopes.Read)
            .RequireRateLimiting(GatewayRateLimiting.ReadPolicy);
        group.MapPost("/status", GetDocuments)
            .WithSummary("Ingestion status of many documents at once (for clients that wait on a batch).")
            .RequireScope(Scopes.Read)
            .RequireRateLimiting(GatewayRateLimiting.ReadPolicy);
        return group;
    }

    public static async Task<Results<Accepted<DocumentAccepted>, ValidationProblem, ProblemHttpResult>> PutDocument(
        string id,
        PutDocumentRequest body,
        Caller caller,
        [AsParameters] DocumentChangeServices services,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(services);
        id = DocumentIdRoute.Decode(services.Http, id);
        var errors = new RequestErrors();
        RequestRules.DocumentId(id, errors);
        body.Validate(services.Extractors, services.Sources, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // Who may read is part of the change: other readers under the same version are another change (409).
        var readers = body.Readers is { } given ? [.. given.Distinct(StringComparer.Ordinal)] : services.Identity.DefaultReadersFor(caller);
        var changeHash = ChangeHash.Of(body, readers, caller.UserId);
        var (version, conflict, _) = await ChangeAcceptance.ClaimAsync(id, body.Version, changeHash, services, cancellationToken);
        if (conflict is not null)
        {
            return conflict;
        }

        var change = new DocumentUpserted
        {
            DocumentId = id,
            Version = version,
            Title = string.IsNullOrWhiteSpace(body.Title) ? id : body.Title,
            ContentType = body.ContentType!,
            Content = body.Content ?? string.Empty,
            ContentUri = body.ContentUri,
            Tags = body.Tags ?? [],
            Readers = readers,
            ChangeHash = changeHash,
            OccurredAt = services.Clock.GetUtcNow(),
        };
        return await ChangeAcceptance.PublishThenRecordAsync(change, id, version, change.OccurredAt, readers, services);
    }

    public static async Task<Results<Accepted<DocumentAccepted>, ValidationProblem, ProblemHttpResult>> DeleteDocument(
        string id,
        long? version,
        [AsParameters] DocumentChangeServices services,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        id = DocumentIdRoute.Decode(services.Http, id);
        var errors = new RequestErrors();
        RequestRules.DocumentId(id, errors);
        RequestRules.Version(version, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var (claimed, conflict, held) = await ChangeAcceptance.ClaimAsync(id, version, ChangeHash.Delete, services, cancellationToken);
        if (conflict is not null)
        {
            return conflict;
        }

        // The delete's status and tombstone are for those who could read what it deletes: the newest version accepted
        // (whose status keeps its readers), which the index may not hold yet, else the one the index holds.
        var newest = await services.Status.GetAsync(id, cancellationToken);
        var readers = newest is { Readers: { } accepted } && (held is null || newest.Version >= held.Value.Version)
            ? accepted
            : held is { Deleted: false } live ? live.Readers : [];
        var change = new DocumentDeleted { DocumentId = id, Version = claimed, Readers = readers, OccurredAt = services.Clock.GetUtcNow() };
        return await ChangeAcceptance.PublishThenRecordAsync(change, id, claimed, change.OccurredAt, readers, services);
    }

    public static async Task<Results<Ok<DocumentStatus>, NotFound>> GetDocument(
        string id,
        Caller caller,
        [AsParameters] DocumentStatusServices services,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        id = DocumentIdRoute.Decode(http, id);
        var found = await services.Status.GetAsync(id, cancellationToken);
        var answered = await StatusWithIndex.AnswerAsync([id], [found], services.Index, caller, cancellationToken);
        return answered.Count == 1 ? TypedResults.Ok(answered[0]) : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<DocumentText>, ValidationProblem, NotFound>> GetDocumentText(
        string id,
        int? from,
        int? length,
        Caller caller,
        [AsParameters] DocumentStatusServices services,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        id = DocumentIdRoute.Decode(http, id, TextSuffix);
        var errors = new RequestErrors();
        var stretch = RequestRules.TextStretch(from, length, services.Options.Value, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var text = await DocumentTextReader.ReadAsync(services.Index, id, caller, stretch.From, stretch.Length, cancellationToken);
        return text is null ? TypedResults.NotFound() : TypedResults.Ok(text);
    }

    public static async Task<Results<Ok<DocumentStatuses>, ValidationProblem>> GetDocuments(
        DocumentStatusQuery body,
        Caller caller,
        [AsParameters] DocumentStatusServices services,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(services);
        var errors = new RequestErrors();
        body.Validate(services.Options.Value, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var distinct = body.Ids!.Distinct(StringComparer.Ordinal).ToList();
        var found = await services.Status.GetManyAsync(distinct, cancellationToken);
        var known = await StatusWithIndex.AnswerAsync(distinct, found, services.Index, caller, cancellationToken);
        return TypedResults.Ok(new DocumentStatuses(known, [.. distinct.Except(known.Select(s => s.DocumentId), StringComparer.Ordinal)]));
    }
}
