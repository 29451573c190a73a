namespace Ingestion.Core.Status;

/// <summary>The optional parts of a status change.</summary>
public sealed record StatusDetails(int? ChunkCount = null, string? Error = null, string? TraceId = null)
{
    public static StatusDetails None { get; } = new();
}
