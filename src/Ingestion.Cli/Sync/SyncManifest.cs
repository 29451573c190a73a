using System.Text.Json;

namespace Ingestion.Cli.Sync;

/// <summary>
/// What the last sync of a folder published: per document id, the version sent and the file's last-write time and length.
/// Written atomically (temporary file, then rename), so an interrupted sync leaves the previous manifest whole.
/// </summary>
internal sealed class SyncManifest
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Folder { get; set; } = "";

    public Dictionary<string, SyncEntry> Documents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The default place of a folder's manifest: a hidden file beside the folder, so syncing never publishes it.</summary>
    public static string DefaultPathFor(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return Path.Combine(Path.GetDirectoryName(full) ?? full, $".{Path.GetFileName(full)}.ingest-sync.json");
    }

    public static async Task<SyncManifest> LoadAsync(string path, string folder, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new SyncManifest { Folder = Path.GetFullPath(folder) };
        }

        try
        {
            await using var stream = File.OpenRead(path);
            var manifest = await JsonSerializer.DeserializeAsync<SyncManifest>(stream, Json, cancellationToken) ?? throw new JsonException("empty");
            manifest.Documents = new Dictionary<string, SyncEntry>(manifest.Documents, StringComparer.Ordinal);
            if (!string.Equals(manifest.Folder, Path.GetFullPath(folder), StringComparison.Ordinal))
            {
                throw new CliException($"The manifest {path} belongs to the folder {manifest.Folder}, not {Path.GetFullPath(folder)}; give another --manifest.");
            }

            return manifest;
        }
        catch (JsonException exception)
        {
            throw new CliException($"The sync manifest {path} is not readable ({exception.Message}); move it away to start afresh (every file is then published again, deletes of files removed since are lost).");
        }
    }

    /// <summary>
    /// Notes deletes about to be sent, before any is: a sync cut short after the gateway accepted one would otherwise
    /// keep its file as sent, and a file restored unchanged would never be sent again. A noted delete matches no file,
    /// so the next sync sends the file newer than the delete, or the delete again.
    /// </summary>
    public void NoteDeleting(IEnumerable<(string Id, long Version)> deletes)
    {
        foreach (var (id, version) in deletes)
        {
            Documents[id] = new SyncEntry(version, LastWrite: 0, Length: -1, Readers: Documents.GetValueOrDefault(id)?.Readers);
        }
    }

    public async Task SaveAsync(string path, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, this, Json, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>
/// One published document: the version sent, the last-write time (Unix ms) and length of the file it came from, and
/// the readers it was sent with (<see cref="SyncPlan.ReadersKey"/>; null for the gateway's default). A deleted
/// document stays as a tombstone, so a file that comes back later is sent with a newer version than the delete.
/// </summary>
internal sealed record SyncEntry(long Version, long LastWrite, long Length, bool Deleted = false, string? Readers = null);
