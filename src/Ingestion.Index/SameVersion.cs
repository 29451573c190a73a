namespace Ingestion.Index;

/// <summary>
/// "One version is one content", which must hold without Redis: a write at the version the index already holds is a
/// redelivery of the same change, or a different change that reused the version, which is refused, never written and
/// never reported as done. Where Redis lost the version claims, this is the only thing that can tell them apart.
/// </summary>
public static class SameVersion
{
    /// <summary>
    /// Null when <paramref name="write"/> is the change that wrote the version the index holds (a delete if
    /// <paramref name="indexedDeleted"/>, of <paramref name="indexedFingerprint"/>, see <see cref="Fingerprint"/>);
    /// otherwise why not.
    /// </summary>
    public static string? Conflict(DocumentWrite write, bool indexedDeleted, ulong indexedFingerprint)
    {
        ArgumentNullException.ThrowIfNull(write);
        var isDelete = write is RemoveDocument;
        if (IsSameChange(isDelete, Fingerprint(write.ChangeHash), indexedDeleted, indexedFingerprint))
        {
            return null;
        }

        return indexedDeleted
            ? $"Version {write.Version} of '{write.DocumentId}' is indexed as its delete; a change needs a newer version."
            : isDelete
                ? $"Version {write.Version} of '{write.DocumentId}' is indexed with content, so a delete at that version would not remove it; a delete needs a newer version."
                : $"Version {write.Version} of '{write.DocumentId}' is already indexed with other content; a change needs a newer version.";
    }

    /// <summary>
    /// Whether a change (a delete, or content of fingerprint <paramref name="offered"/>) is the one that wrote the
    /// indexed version: the same kind and, where both fingerprints are known (non-zero), the same fingerprint.
    /// </summary>
    public static bool IsSameChange(bool isDelete, ulong offered, bool indexedDeleted, ulong indexed) =>
        isDelete == indexedDeleted && (isDelete || offered == 0 || indexed == 0 || offered == indexed);

    /// <summary>A 64-bit fingerprint of a change hash, for a writer to keep per document in memory; 0 where unknown.</summary>
    public static ulong Fingerprint(string? changeHash)
    {
        if (changeHash is null)
        {
            return 0;
        }

        var fingerprint = BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(changeHash)));
        return fingerprint == 0 ? 1 : fingerprint;
    }
}
