using Ingestion.Core.Status;

namespace Ingestion.Gateway.Model;

/// <summary>The body of <c>POST /api/documents/status</c>: the documents whose status is wanted.</summary>
public sealed record DocumentStatusQuery(IReadOnlyList<string>? Ids)
{

    /// <summary>Adds the problems with this body to <paramref name="errors"/>.</summary>
    public void Validate(GatewayOptions limits, RequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (Ids is not { Count: > 0 } ids || ids.Count > limits.MaxStatusBatch || !ids.All(RequestRules.IsDocumentId))
        {
            errors.Add("ids", $"ids must name 1 to {limits.MaxStatusBatch} documents, each id 1 to {RequestRules.MaxDocumentIdLength} characters without control characters.");
        }
    }
}

/// <summary>The statuses found, and the ids the gateway has never seen.</summary>
public sealed record DocumentStatuses(IReadOnlyList<DocumentStatus> Statuses, IReadOnlyList<string> Missing);
