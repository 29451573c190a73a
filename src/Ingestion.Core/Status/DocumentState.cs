namespace Ingestion.Core.Status;

public enum DocumentState
{
    Queued,
    Processing,
    Indexed,
    Deleted,
    Failed,
}
