using System.Diagnostics;
using Ingestion.Contracts;
using Ingestion.Core.Documents.Extraction;
using Ingestion.Index;
using Ingestion.Core.Embeddings;
using Ingestion.Core.Documents.Sources;
using Ingestion.Core.Status;
using Ingestion.Gateway;
using Ingestion.Gateway.Security;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Model;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Ingestion.Gateway.Search;

namespace Ingestion.Gateway.Apis;

/// <summary>Document changes in (published to RabbitMQ), ingestion status out (read from Redis).</summary>
public static class DocumentsApi
{
    private const int MaxDocumentIdLength = 512;

    /// <summary>Bounds of the fields every chunk carries a copy of (title, tags): a megabyte title would be copied into every chunk.</summary>
    private const int MaxTitleLength = 1024;
    private const int MaxTags = 100;
    private const int MaxTagLength = 256;
    private const string StatusRouteName = "GetDocumentStatus";

    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = app.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var group = app.MapGroup("/api/documents").WithTags("Documents");
        group.MapPut("/{id}", PutDocument)
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxDocumentBytes))
            .WithSummary("Create or replace a document; ingestion happens asynchronously.")
            .RequireWriteKey()
            .RequireRateLimiting(GatewayRateLimiting.WritePolicy);
        group.MapDelete("/{id}", DeleteDocument)
            .WithSummary("Delete a document and every chunk of it.")
            .RequireWriteKey()
            .RequireRateLimiting(GatewayRateLimiting.WritePolicy);
        group.MapGet("/{id}", GetDocument).WithName(StatusRouteName).WithSummary("Ingestion status of a document.");
        group.MapPost("/status", GetDocuments).WithSummary("Ingestion status of many documents at once (for clients that wait on a batch).");
        return group;
    }

    public static async Task<Results<Accepted<DocumentAccepted>, ValidationProblem, ProblemHttpResult>> PutDocument(
        string id,
        PutDocumentRequest body,
        IPublishEndpoint publisher,
        IDocumentStatusStore status,
        IChunkSearcher searcher,
        TextExtractorRegistry extractors,
        SourcePolicy sources,
        TimeProvider clock,
        LinkGenerator links,
        IOptions<GatewayOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        id = DocumentIdRoute.Decode(http, id);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateId(id, errors);
        if (string.IsNullOrWhiteSpace(body.ContentType))
        {
            errors["contentType"] = ["contentType is required."];
        }
        else if (!extractors.Supports(body.ContentType))
        {
            errors["contentType"] = [$"'{body.ContentType}' is not supported; supported: {string.Join(", ", extractors.SupportedContentTypes)}."];
        }

        if (body.Content is null == body.ContentUri is null)
        {
            errors["content"] = ["Give either content or contentUri, not both and not neither."];
        }
        else if (body.ContentUri is { } contentUri && sources.Check(contentUri, out _) is { } refused)
        {
            errors["contentUri"] = [refused];
        }

        if (body.Version is < 1 or > DocumentVersions.Max)
        {
            errors["version"] = [$"version must be between 1 and {DocumentVersions.Max}."];
        }

        if (body.Title is { Length: > MaxTitleLength })
        {
            errors["title"] = [$"title must be at most {MaxTitleLength} characters; it is {body.Title.Length}."];
        }

        if (body.Tags?.Any(string.IsNullOrWhiteSpace) == true)
        {
            errors["tags"] = ["tags must not be empty."];
        }
        else if (body.Tags is { Count: > MaxTags } || body.Tags?.Any(t => t.Length > MaxTagLength) == true)
        {
            errors["tags"] = [$"A document may have at most {MaxTags} tags of at most {MaxTagLength} characters each."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var indexed = await IndexedVersionAsync(searcher, id, cancellationToken);
        if (body.Version is { } given && indexed > given)
        {
            return Conflict(id, given, indexed.Value);
        }

        var claim = await status.ClaimVersionAsync(id, body.Version, ChangeHash.Of(body), indexed, cancellationToken);
        if (claim.Outcome is VersionClaimOutcome.Conflict)
        {
            return Conflict(id, body.Version!.Value, claim.Version);
        }

        var change = new DocumentUpserted
        {
            DocumentId = id,
            Version = claim.Version,
            Title = string.IsNullOrWhiteSpace(body.Title) ? id : body.Title,
            ContentType = body.ContentType!,
            Content = body.Content ?? string.Empty,
            ContentUri = body.ContentUri,
            Tags = body.Tags ?? [],
            OccurredAt = clock.GetUtcNow(),
        };
        return await PublishThenRecordAsync(change, id, claim.Version, change.OccurredAt, publisher, status, options.Value, links, http);
    }

    public static async Task<Results<Accepted<DocumentAccepted>, ValidationProblem, ProblemHttpResult>> DeleteDocument(
        string id,
        long? version,
        IPublishEndpoint publisher,
        IDocumentStatusStore status,
        IChunkSearcher searcher,
        TimeProvider clock,
        LinkGenerator links,
        IOptions<GatewayOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        id = DocumentIdRoute.Decode(http, id);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateId(id, errors);
        if (version is < 1 or > DocumentVersions.Max)
        {
            errors["version"] = [$"version must be between 1 and {DocumentVersions.Max}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var indexed = await IndexedVersionAsync(searcher, id, cancellationToken);
        if (version is { } given && indexed > given)
        {
            return Conflict(id, given, indexed.Value);
        }

        var claim = await status.ClaimVersionAsync(id, version, ChangeHash.Delete, indexed, cancellationToken);
        if (claim.Outcome is VersionClaimOutcome.Conflict)
        {
            return Conflict(id, version!.Value, claim.Version);
        }

        var change = new DocumentDeleted { DocumentId = id, Version = claim.Version, OccurredAt = clock.GetUtcNow() };
        return await PublishThenRecordAsync(change, id, claim.Version, change.OccurredAt, publisher, status, options.Value, links, http);
    }

    /// <summary>
    /// Publishes the change (RabbitMQ confirms it: it is durable in the broker), and only then records it queued, so a
    /// status never says queued for a change nothing will process. The publish is bounded by its own timeout, not the
    /// request's: a client that hangs up does not cancel a change half-way. A broker that does not take it is a 503.
    /// </summary>
    private static async Task<Results<Accepted<DocumentAccepted>, ValidationProblem, ProblemHttpResult>> PublishThenRecordAsync<T>(
        T change, string id, long version, DateTimeOffset acceptedAt, IPublishEndpoint publisher, IDocumentStatusStore status, GatewayOptions options, LinkGenerator links, HttpContext http)
        where T : class
    {
        using var timeout = new CancellationTokenSource(options.PublishTimeout);
        try
        {
            await publisher.Publish(change, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or MassTransitException or TimeoutException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The change was not accepted",
                detail: $"The message broker did not confirm the change within {options.PublishTimeout.TotalSeconds:F0} s (Gateway:PublishTimeout): {exception.Message} Nothing was queued; send it again.");
        }

        await status.RecordAsync(id, version, DocumentState.Queued, new StatusDetails(AcceptedAt: acceptedAt), CancellationToken.None);
        return Accepted(id, version, links, http);
    }

    private static ProblemHttpResult Conflict(string id, long given, long current) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Version conflict",
        detail: given < current
            ? $"Version {given} of '{id}' is older than its current version {current}: nothing would change. Send a newer version, or none to have one assigned."
            : $"Version {given} of '{id}' was already given to another change. Send a newer version, or none to have one assigned.",
        extensions: new Dictionary<string, object?> { ["currentVersion"] = current });

    public static async Task<Results<Ok<DocumentStatus>, NotFound>> GetDocument(string id, IDocumentStatusStore status, IChunkSearcher searcher, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(searcher);
        id = DocumentIdRoute.Decode(http, id);
        var found = await status.GetAsync(id, cancellationToken);
        using var snapshot = searcher.AcquireSnapshot();
        var answered = await WithIndexAsync([id], [found], snapshot, cancellationToken);
        return answered.Count == 1 ? TypedResults.Ok(answered[0]) : TypedResults.NotFound();
    }

    public static async Task<Results<Ok<DocumentStatuses>, ValidationProblem>> GetDocuments(
        DocumentStatusQuery body,
        IDocumentStatusStore status,
        IChunkSearcher searcher,
        IOptions<GatewayOptions> options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(searcher);
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.Value.MaxStatusBatch;
        if (body.Ids is not { Count: > 0 } ids || ids.Count > limit || ids.Any(string.IsNullOrEmpty))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = [$"ids must name 1 to {limit} documents, none empty."] });
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = await status.GetManyAsync(distinct, cancellationToken);
        using var snapshot = searcher.AcquireSnapshot();
        var known = await WithIndexAsync(distinct, found, snapshot, cancellationToken);
        return TypedResults.Ok(new DocumentStatuses(known, [.. distinct.Except(known.Select(s => s.DocumentId), StringComparer.Ordinal)]));
    }

    /// <summary>
    /// Each document's status as Redis has it, told whether the gateway's reader already holds its version
    /// (<c>searchable</c>); where Redis has none, or one older than the version the index holds (Redis lost it, or
    /// evicted it), the index's manifest answers. Documents neither knows are left out.
    /// </summary>
    private static async Task<List<DocumentStatus>> WithIndexAsync(List<string> ids, DocumentStatus?[] found, IIndexSnapshot snapshot, CancellationToken cancellationToken)
    {
        var indexed = await snapshot.IndexedVersionsAsync(ids, cancellationToken);
        var answered = new List<DocumentStatus>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var held = indexed.TryGetValue(ids[i], out var version) ? version : (IndexedVersion?)null;
            if (found[i] is not { } status)
            {
                if (held is { } onlyIndexed)
                {
                    answered.Add(DocumentStatus.OfIndexed(ids[i], onlyIndexed.Version, onlyIndexed.Deleted));
                }

                continue;
            }

            // An older status than the index's version was lost or outlived: Redis lost the newer one, and a late older
            // version recorded its own (superseded) in its place. The document is what the index holds; the version
            // that lost is named as ignored.
            answered.Add(held is { } newer && newer.Version > status.Version
                ? DocumentStatus.OfIndexed(ids[i], newer.Version, newer.Deleted) with { LastIgnoredVersion = status.State is DocumentState.Superseded ? status.Version : status.LastIgnoredVersion }
                : status.State is DocumentState.Indexed or DocumentState.Deleted
                    ? status with { Searchable = held is { } h && h.Version >= status.Version }
                    : status);
        }

        return answered;
    }

    /// <summary>
    /// The version the index holds of the document (its delete's too), or null. A change with an older version would be
    /// ignored, so it is refused at the door, and a change without one gets a newer version, even where Redis has lost
    /// the version claims that would have told (a client's explicit versions may lie beyond the clock).
    /// </summary>
    private static async Task<long?> IndexedVersionAsync(IChunkSearcher searcher, string id, CancellationToken cancellationToken)
    {
        using var snapshot = searcher.AcquireSnapshot();
        return (await snapshot.IndexedVersionsAsync([id], cancellationToken)).TryGetValue(id, out var held) ? held.Version : null;
    }

    private static Accepted<DocumentAccepted> Accepted(string id, long version, LinkGenerator links, HttpContext http)
    {
        var location = links.GetPathByName(http, StatusRouteName, new { id }) ?? $"/api/documents/{Uri.EscapeDataString(id)}";
        return TypedResults.Accepted(location, new DocumentAccepted(id, version, DocumentState.Queued, location, Activity.Current?.TraceId.ToString()));
    }

    private static void ValidateId(string id, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxDocumentIdLength || id.Any(char.IsControl))
        {
            errors["id"] = [$"The document id must be 1 to {MaxDocumentIdLength} characters without control characters."];
        }
    }
}
