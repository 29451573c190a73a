using Ingestion.Cli.Documents;

namespace Ingestion.Cli.Sync;

/// <summary>
/// What a sync must send: files new or changed since the manifest (by last-write time or length, or sent with other
/// readers than this sync's), and deletes for documents whose files are gone. Versions always move forward: a file
/// restored with an older last-write time is sent as one newer than the version last sent, or the index would ignore
/// it as stale.
/// </summary>
internal sealed record SyncPlan(IReadOnlyList<LocalDocument> Upserts, IReadOnlyList<(string Id, long Version)> Deletes, int Unchanged)
{
    /// <summary>Readers as the manifest keeps them: in order, one per line; null for the gateway's default.</summary>
    public static string? ReadersKey(IReadOnlyList<string>? readers) =>
        readers is { Count: > 0 } ? string.Join('\n', readers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) : null;

    public static SyncPlan Of(IReadOnlyList<LocalDocument> files, SyncManifest manifest, long nowMilliseconds, string? readers = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(manifest);
        var upserts = new List<LocalDocument>();
        var unchanged = 0;
        foreach (var file in files)
        {
            if (!manifest.Documents.TryGetValue(file.Id, out var sent))
            {
                upserts.Add(file);
            }
            else if (sent.Deleted || sent.LastWrite != file.Version || sent.Length != file.Length || !string.Equals(sent.Readers, readers, StringComparison.Ordinal))
            {
                upserts.Add(file with { Version = Math.Max(file.Version, sent.Version + 1) });
            }
            else
            {
                unchanged++;
            }
        }

        var present = files.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var deletes = manifest.Documents
            .Where(entry => !entry.Value.Deleted && !present.Contains(entry.Key))
            .Select(entry => (entry.Key, Math.Max(nowMilliseconds, entry.Value.Version + 1)))
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .ToList();
        return new SyncPlan(upserts, deletes, unchanged);
    }
}
