namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// The writer's memory of every document's indexed version, and of when each delete happened, so its tombstone can be
/// dropped once the retention has passed: live documents cost one entry each, deleted ones only for the retention.
/// </summary>
internal sealed class WriterVersionMap
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deletedAt = new(StringComparer.Ordinal);

    // Deletes in the order they happened (by the writer's clock, so nearly always ascending); an entry whose document was
    // written or deleted again since is skipped when it comes out.
    private readonly PriorityQueue<string, long> _expiry = new();

    public bool TryGetValue(string documentId, out long version) => _versions.TryGetValue(documentId, out version);

    public void SetLive(string documentId, long version)
    {
        _versions[documentId] = version;
        _deletedAt.Remove(documentId);
    }

    public void SetDeleted(string documentId, long version, long deletedAtMs)
    {
        _versions[documentId] = version;
        _deletedAt[documentId] = deletedAtMs;
        _expiry.Enqueue(documentId, deletedAtMs);
    }

    /// <summary>Forgets the documents whose tombstones are older than <paramref name="cutoffMs"/>, and names them.</summary>
    public List<string> RemoveTombstonesBefore(long cutoffMs)
    {
        var expired = new List<string>();
        while (_expiry.TryPeek(out var documentId, out var deletedAtMs) && deletedAtMs < cutoffMs)
        {
            _expiry.Dequeue();
            if (_deletedAt.TryGetValue(documentId, out var current) && current == deletedAtMs)
            {
                _deletedAt.Remove(documentId);
                _versions.Remove(documentId);
                expired.Add(documentId);
            }
        }

        return expired;
    }
}
