namespace Ingestion.Gateway.Apis;

/// <summary>A change was queued; <see cref="StatusUrl"/> reports its progress.</summary>
public sealed record DocumentAccepted(string DocumentId, long Version, string State, string StatusUrl, string? TraceId);
