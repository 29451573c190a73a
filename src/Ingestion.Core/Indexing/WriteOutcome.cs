namespace Ingestion.Core.Indexing;

public enum WriteOutcome
{
    /// <summary>The write is durable and will be visible to searchers.</summary>
    Applied,

    /// <summary>The index already holds this version or a newer one; nothing changed.</summary>
    Stale,
}
