using System.Security.Cryptography;
using System.Text.Json;

namespace Ingestion.Gateway.Model;

/// <summary>What makes two requests the same change, hashed: a retry of a PUT hashes alike, another PUT under the same version does not.</summary>
internal static class ChangeHash
{
    public const string Delete = Ingestion.Index.RemoveDocument.DeleteHash;

    /// <summary>
    /// The hash of a PUT whose document gets <paramref name="readers"/>, sent by <paramref name="sender"/>: who may read
    /// is part of the change, so a new reader is a new version; and so is who sent it, because the same change again
    /// under its version is let through as a retry, which would otherwise confirm another writer's guess of a document
    /// it may not read.
    /// </summary>
    public static string Of(PutDocumentRequest body, IReadOnlyList<string> readers, string? sender)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(readers);
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[] { body.Title, body.ContentType, body.Content, body.ContentUri, body.Tags, readers.Order(StringComparer.Ordinal), sender });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
