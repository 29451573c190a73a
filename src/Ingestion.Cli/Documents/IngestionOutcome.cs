namespace Ingestion.Cli.Documents;

/// <summary>How one published version ended, as the gateway's status reports it.</summary>
internal enum OutcomeKind
{
    Indexed,
    Deleted,
    Failed,

    /// <summary>The index already held a newer version, so this one was ignored.</summary>
    Superseded,
}

internal sealed record IngestionOutcome(string DocumentId, long Version, OutcomeKind Kind, string? Reason, int? Chunks);
