namespace Ingestion.Index;

public enum WriteOutcome
{
    /// <summary>The write is durable and will be visible to searchers.</summary>
    Applied,

    /// <summary>
    /// The index already holds exactly this version (a redelivered message whose first delivery was
    /// written but not acknowledged); it is durable, nothing changed, and the work counts as done.
    /// </summary>
    AlreadyApplied,

    /// <summary>The index holds a newer version; nothing changed.</summary>
    Stale,
}
