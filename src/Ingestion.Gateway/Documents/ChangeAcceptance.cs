using System.Diagnostics;
using Ingestion.Core.Status;
using Ingestion.Gateway.Apis;
using Ingestion.Gateway.Model;
using Ingestion.Index;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Gateway.Documents;

/// <summary>
/// Accepting a change: its version checked against the index's and claimed in Redis, the change published to RabbitMQ,
/// and only then recorded queued.
/// </summary>
internal static class ChangeAcceptance
{
    public const string StatusRouteName = "GetDocumentStatus";

    /// <summary>
    /// The version this change gets: the client's, unless the index or another change already holds a newer one (a
    /// 409), or one newer than any before when the client gave none.
    /// </summary>
    /// <remarks>Also answers the version the index holds, whose readers a delete's status keeps.</remarks>
    public static async Task<(long Version, ProblemHttpResult? Conflict, IndexedVersion? Held)> ClaimAsync(string id, long? given, string changeHash, DocumentChangeServices services, CancellationToken cancellationToken)
    {
        var held = await IndexedVersionAsync(services.Index, id, cancellationToken);
        var indexed = held?.Version;
        if (given is { } explicitVersion && indexed > explicitVersion)
        {
            return (0, Conflict(id, explicitVersion, indexed.Value), held);
        }

        if (given is { } sameVersion && held is { } index && index.Version == sameVersion && !IsSameChange(index, changeHash))
        {
            // Redis may have lost the claim that would refuse this; the index still knows which change its version is.
            return (0, Conflict(id, sameVersion, index.Version), held);
        }

        var claim = await services.Status.ClaimVersionAsync(id, given, changeHash, indexed, cancellationToken);
        return claim.Outcome is VersionClaimOutcome.Conflict ? (0, Conflict(id, given!.Value, claim.Version), held) : (claim.Version, null, held);
    }

    /// <summary>
    /// Publishes the change (RabbitMQ confirms it: it is durable in the broker), and only then records it queued, so a
    /// status never says queued for a change nothing will process. The publish is bounded by its own timeout, not the
    /// request's: a client that hangs up does not cancel a change half-way. A broker that does not take it is a 503.
    /// </summary>
    /// <remarks>The status keeps <paramref name="readers"/>: only they are told of it.</remarks>
    public static async Task<Results<Accepted<DocumentAccepted>, ValidationProblem, ProblemHttpResult>> PublishThenRecordAsync<T>(
        T change, string id, long version, DateTimeOffset acceptedAt, IReadOnlyList<string> readers, DocumentChangeServices services)
        where T : class
    {
        var options = services.Options.Value;
        using var timeout = new CancellationTokenSource(options.PublishTimeout);
        try
        {
            await services.Publisher.Publish(change, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or MassTransitException or TimeoutException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The change was not accepted",
                detail: $"The message broker did not confirm the change within {options.PublishTimeout.TotalSeconds:F0} s (Gateway:PublishTimeout): {exception.Message} It may not have been queued: send the same change again (a repeat of it is harmless).");
        }

        // With its trace: a change nothing has taken yet is the one whose trace an operator most needs to find.
        await services.Status.RecordAsync(id, version, DocumentState.Queued, new StatusDetails(TraceId: Activity.Current?.TraceId.ToString(), AcceptedAt: acceptedAt, Readers: readers), CancellationToken.None);
        var location = services.Links.GetPathByName(services.Http, StatusRouteName, new { id }) ?? $"/api/documents/{Uri.EscapeDataString(id)}";
        return TypedResults.Accepted(location, new DocumentAccepted(id, version, DocumentState.Queued, location, Activity.Current?.TraceId.ToString()));
    }

    private static ProblemHttpResult Conflict(string id, long given, long current) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Version conflict",
        detail: given < current
            ? $"Version {given} of '{id}' is older than its current version {current}: nothing would change. Send a newer version, or none to have one assigned."
            : $"Version {given} of '{id}' was already given to another change. Send a newer version, or none to have one assigned.",
        extensions: new Dictionary<string, object?> { ["currentVersion"] = current });

    /// <summary>Whether the index's version was written by this change: the same kind, and the same hash where the index kept one.</summary>
    private static bool IsSameChange(IndexedVersion held, string changeHash) =>
        SameVersion.IsSameChange(changeHash == ChangeHash.Delete, SameVersion.Fingerprint(changeHash), held.Deleted, SameVersion.Fingerprint(held.ChangeHash));

    /// <summary>
    /// The version the index holds of the document (its delete's too), or null. A change with an older version would be
    /// ignored, so it is refused at the door, and a change without one gets a newer version, even where Redis has lost
    /// the version claims that would have told (a client's explicit versions may lie beyond the clock).
    /// </summary>
    private static async Task<IndexedVersion?> IndexedVersionAsync(IChunkIndexReader index, string id, CancellationToken cancellationToken)
    {
        using var snapshot = index.AcquireSnapshot();
        return (await snapshot.IndexedVersionsAsync([id], cancellationToken)).TryGetValue(id, out var held) ? held : null;
    }
}
