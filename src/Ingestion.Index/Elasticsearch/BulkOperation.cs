namespace Ingestion.Index.Elasticsearch;

/// <summary>One bulk action: index a source under an id, or delete an id.</summary>
public sealed record BulkOperation(BulkAction Action, string Id, StoredSource? Source = null)
{
    public static BulkOperation Index(string id, StoredSource source) => new(BulkAction.Index, id, source);

    public static BulkOperation Delete(string id) => new(BulkAction.Delete, id);
}

public enum BulkAction
{
    Index,
    Delete,
}
