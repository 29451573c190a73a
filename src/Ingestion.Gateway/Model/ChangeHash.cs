using System.Security.Cryptography;
using System.Text.Json;

namespace Ingestion.Gateway.Model;

/// <summary>What makes two requests the same change, hashed: a retry of a PUT hashes alike, another PUT under the same version does not.</summary>
internal static class ChangeHash
{
    public const string Delete = Ingestion.Index.RemoveDocument.DeleteHash;

    public static string Of(PutDocumentRequest body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new object?[] { body.Title, body.ContentType, body.Content, body.ContentUri, body.Tags });
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }
}
