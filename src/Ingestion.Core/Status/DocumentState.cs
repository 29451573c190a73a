namespace Ingestion.Core.Status;

public enum DocumentState
{
    Queued,
    Processing,
    Indexed,
    Deleted,
    Failed,

    /// <summary>The version was not applied because the index already held a newer one (<c>supersededBy</c> names it): nothing is left to do for it.</summary>
    Superseded,
}
