using Ingestion.Core.Status;
using Ingestion.Gateway.Search;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Security;

namespace Ingestion.Gateway.Model;

/// <summary>The body of <c>POST /api/documents/status</c>: the documents whose status is wanted.</summary>
public sealed record DocumentStatusQuery(IReadOnlyList<string>? Ids);

/// <summary>The statuses found, and the ids the gateway has never seen.</summary>
public sealed record DocumentStatuses(IReadOnlyList<DocumentStatus> Statuses, IReadOnlyList<string> Missing);
