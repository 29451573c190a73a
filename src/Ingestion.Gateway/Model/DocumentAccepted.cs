using Ingestion.Core.Status;

namespace Ingestion.Gateway.Model;

/// <summary>A change was queued; <see cref="StatusUrl"/> reports its progress.</summary>
public sealed record DocumentAccepted(string DocumentId, long Version, DocumentState State, string StatusUrl, string? TraceId);
