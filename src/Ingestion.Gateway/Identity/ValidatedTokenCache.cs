using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// The callers of bearer tokens validated recently, by a hash of the whole token: a client sends the same token with
/// every request until it expires, and validating it again (decoding, checking the signature, reading a thousand group
/// claims and building the caller from them) cost a caller in a thousand groups more than its search did. A token is
/// only ever found by its exact text (one changed character is another hash, validated in full), and never after it
/// expires or after <c>Gateway:Tokens:CacheValidatedFor</c>, whichever comes first. Bounded in bytes, estimated from
/// the claims kept (<c>Gateway:Tokens:CacheValidatedBytes</c>).
/// </summary>
internal sealed class ValidatedTokenCache : IDisposable
{
    // A claim held in a principal: the object, its type and value strings, and the list slot; measured near 200 bytes.
    private const int BytesPerClaim = 256;
    private const int BytesPerEntry = 512;

    private readonly MemoryCache? _principals;
    private readonly TimeSpan _lifetime;

    public ValidatedTokenCache(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var tokens = options.Value.Tokens;
        _lifetime = tokens.CacheValidatedFor;
        if (_lifetime > TimeSpan.Zero && tokens.CacheValidatedBytes > 0)
        {
            _principals = new MemoryCache(new MemoryCacheOptions { SizeLimit = tokens.CacheValidatedBytes });
        }
    }

    /// <summary>The caller's principal of <paramref name="token"/> if it was validated and has not expired since.</summary>
    public ClaimsPrincipal? Find(string token, DateTimeOffset now)
    {
        if (_principals is null || !_principals.TryGetValue(KeyOf(token), out Entry? entry) || entry is null)
        {
            return null;
        }

        // The cache's own expiry reads the system clock; the token's is checked against the handler's.
        return now < entry.NotAfter ? entry.Principal : null;
    }

    /// <summary>Keeps the caller's principal of a validated <paramref name="token"/> until it expires (or for the configured lifetime).</summary>
    public void Keep(string token, ClaimsPrincipal principal, DateTimeOffset tokenExpires, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (_principals is null)
        {
            return;
        }

        var notAfter = tokenExpires < now + _lifetime ? tokenExpires : now + _lifetime;
        if (notAfter <= now)
        {
            return;
        }

        var size = BytesPerEntry + (long)principal.Claims.Count() * BytesPerClaim;
        using var entry = _principals.CreateEntry(KeyOf(token));
        entry.Value = new Entry(principal, notAfter);
        entry.Size = size;
        entry.AbsoluteExpirationRelativeToNow = notAfter - now;
    }

    public void Dispose() => _principals?.Dispose();

    // The hash stands for the token, so the cache never holds a credential.
    private static string KeyOf(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset NotAfter);
}
