namespace Ingestion.Cli.Documents;

/// <summary>What became of one document sent to the gateway: the version it accepted, or why it was refused.</summary>
internal sealed record PublishResult(string DocumentId, long? Version, string? Error)
{
    public bool Accepted => Version is not null;
}
