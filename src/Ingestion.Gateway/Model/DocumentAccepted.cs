using Ingestion.Core.Status;
using Ingestion.Gateway.Search;
using Ingestion.Gateway.Ask;
using Ingestion.Gateway.Security;

namespace Ingestion.Gateway.Model;

/// <summary>A change was queued; <see cref="StatusUrl"/> reports its progress.</summary>
public sealed record DocumentAccepted(string DocumentId, long Version, DocumentState State, string StatusUrl, string? TraceId);
