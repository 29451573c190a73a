using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// The configured API keys as the hashes the gateway compares: the named list of <c>Gateway:Keys</c>, and the single
/// keys of earlier configurations as two entries of it (<c>Gateway:ApiKey</c>: <c>read</c> and <c>write</c> as the
/// principal <c>api-key</c>; <c>Gateway:AdminApiKey</c>: <c>admin</c> as <c>admin</c>).
/// </summary>
public sealed class GatewayKeys
{
    public const string LegacyKeyName = "api-key";
    public const string LegacyAdminKeyName = "admin";

    private readonly List<(byte[] Hash, ApiKeyEntry Entry)> _keys;

    public GatewayKeys(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. Entries(options.Value).Select(e => (e.Hash(), e))];
    }

    public bool Any => _keys.Count > 0;

    /// <summary>Every key, the legacy single keys included.</summary>
    public static IEnumerable<ApiKeyEntry> Entries(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var entry in options.Keys)
        {
            yield return entry;
        }

        if (options.ApiKey is { } key)
        {
            yield return Legacy(LegacyKeyName, key, Scopes.Read, Scopes.Write);
        }

        if (options.AdminApiKey is { } admin)
        {
            yield return Legacy(LegacyAdminKeyName, admin, Scopes.Admin);
        }
    }

    /// <summary>
    /// The principal of a presented key, or null. Every configured hash is compared in fixed time, so how long this
    /// takes tells nothing of which key, or how much of one, matched.
    /// </summary>
    public ClaimsPrincipal? Find(string presented, string scheme)
    {
        var hash = ApiKeyEntry.HashOf(presented);
        ApiKeyEntry? found = null;
        foreach (var (candidate, entry) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidate) && found is null)
            {
                found = entry;
            }
        }

        return found is null ? null : new ClaimsPrincipal(CallerClaims.Identity(scheme, found.Name!, found.Scopes, found.Groups));
    }

    private static ApiKeyEntry Legacy(string name, string key, params string[] scopes)
    {
        var entry = new ApiKeyEntry { Name = name, Key = key };
        foreach (var scope in scopes)
        {
            entry.Scopes.Add(scope);
        }

        return entry;
    }
}
