namespace Ingestion.Gateway.Identity;

/// <summary>
/// OIDC / JWT bearer tokens (section <c>Gateway:Tokens</c>): the issuer's <see cref="Authority"/> (its signing keys
/// are fetched from its metadata) or a <see cref="SigningKey"/>, the <see cref="Audience"/> tokens must be for, and
/// which claims name the user, its groups and its scopes. Unset, tokens are not accepted.
/// </summary>
public sealed class TokenOptions
{
    /// <summary>The OpenID Connect issuer, such as <c>https://login.microsoftonline.com/&lt;tenant&gt;/v2.0</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must come over HTTPS (only a local test issuer would turn it off).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>A symmetric signing key (HS256), base64, at least 32 bytes: for an issuer without metadata, and for tests.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The issuer tokens must name (with <see cref="SigningKey"/>; an authority's metadata names its own).</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must be for: this gateway's application id or URI.</summary>
    public string? Audience { get; set; }

    /// <summary>The claims that name the user, the first present wins (<c>sub</c>, or Entra ID's object id <c>oid</c>).</summary>
    public IList<string> UserClaims { get; } = [];

    /// <summary>The claims whose values are the user's groups (<c>groups</c>, <c>roles</c>).</summary>
    public IList<string> GroupClaims { get; } = [];

    /// <summary>The claims whose values (space-separated) are the token's scopes: <c>write</c>, or <c>write</c> qualified by <see cref="Audience"/> (<c>&lt;Audience&gt;/write</c>).</summary>
    public IList<string> ScopeClaims { get; } = [];

    /// <summary>Scopes every valid token has besides its own: by default <c>read</c>, so anyone the issuer admits reads what documents let them.</summary>
    public IList<string> DefaultScopes { get; } = [];

    /// <summary>
    /// How long a validated token's caller is kept, found again by a hash of the token, at most until the token expires
    /// (<see cref="ValidatedTokenCache"/>); zero validates every request in full.
    /// </summary>
    public TimeSpan CacheValidatedFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most memory the validated tokens' callers may hold, in bytes (estimated from their claims).</summary>
    public long CacheValidatedBytes { get; set; } = 32L * 1024 * 1024;

    public bool Enabled => Authority is not null || SigningKey is not null;

    public IEnumerable<string> UserClaimsOrDefault => UserClaims.Count > 0 ? UserClaims : ["sub", "oid"];

    public IEnumerable<string> GroupClaimsOrDefault => GroupClaims.Count > 0 ? GroupClaims : ["groups", "roles"];

    public IEnumerable<string> ScopeClaimsOrDefault => ScopeClaims.Count > 0 ? ScopeClaims : ["scope", "scp"];

    public IEnumerable<string> DefaultScopesOrDefault => DefaultScopes.Count > 0 ? DefaultScopes : [Scopes.Read];

    internal IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "Gateway:Tokens: Audience is required to accept tokens.";
        }

        if (SigningKey is not null && (!TryKeyBytes(SigningKey, out var key) || key.Length < 32))
        {
            yield return "Gateway:Tokens: SigningKey must be base64 of at least 32 bytes.";
        }

        if (CacheValidatedFor < TimeSpan.Zero || CacheValidatedBytes < 0)
        {
            yield return "Gateway:Tokens: CacheValidatedFor and CacheValidatedBytes must not be negative.";
        }

        if (DefaultScopes.Any(s => !Scopes.All.Contains(s)))
        {
            yield return $"Gateway:Tokens: DefaultScopes must be among {string.Join(", ", Scopes.All)}.";
        }
    }

    internal static bool TryKeyBytes(string base64, out byte[] key)
    {
        key = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, key, out var written))
        {
            key = key[..written];
            return true;
        }

        return false;
    }
}
