namespace Ingestion.Index.Lucene.Writing;

/// <summary>
/// The writer's memory of every document's indexed version, and of when each delete happened, so its tombstone can be
/// dropped once the retention has passed: live documents cost one entry each, deleted ones only for the retention.
/// </summary>
internal sealed class WriterVersionMap
{
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    // The fingerprint of the change that wrote each live document's version (SameVersion.Fingerprint), where known.
    private readonly Dictionary<string, ulong> _changes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deletedAt = new(StringComparer.Ordinal);

    // Deletes in the order they happened (by the writer's clock, so nearly always ascending); an entry whose document was
    // written or deleted again since is skipped when it comes out.
    private readonly PriorityQueue<string, long> _expiry = new();

    public bool TryGetValue(string documentId, out long version) => _versions.TryGetValue(documentId, out version);

    public bool IsDeleted(string documentId) => _deletedAt.ContainsKey(documentId);

    /// <summary>The fingerprint of the change that wrote the document's live version; 0 when deleted or unknown.</summary>
    public ulong ChangeOf(string documentId) => _changes.GetValueOrDefault(documentId);

    public void SetLive(string documentId, long version, ulong change = 0)
    {
        _versions[documentId] = version;
        _deletedAt.Remove(documentId);
        if (change != 0)
        {
            _changes[documentId] = change;
        }
        else
        {
            _changes.Remove(documentId);
        }
    }

    public void SetDeleted(string documentId, long version, long deletedAtMs)
    {
        _versions[documentId] = version;
        _changes.Remove(documentId);
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
