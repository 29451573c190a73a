using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// Stands in for an OIDC provider (none can run here): tokens signed with a local HS256 key, which the gateway is
/// configured to trust (<c>Gateway:Tokens:SigningKey</c>), minted by the same library a provider's tokens are read with.
/// </summary>
internal static class LocalIssuer
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "api://ingestion-tests";
    public static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)(i * 7))];

    /// <summary>The gateway settings that trust this issuer.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Gateway:Tokens:SigningKey"] = Convert.ToBase64String(Key),
        ["Gateway:Tokens:Issuer"] = Issuer,
        ["Gateway:Tokens:Audience"] = Audience,
    };

    /// <summary>A token for <paramref name="user"/> in <paramref name="groups"/> with <paramref name="scopes"/> (space-separated, as issuers send them).</summary>
    public static string Mint(string user, IEnumerable<string>? groups = null, string? scopes = null, string audience = Audience, DateTime? expires = null, byte[]? key = null)
    {
        var claims = new List<Claim> { new("sub", user) };
        claims.AddRange((groups ?? []).Select(g => new Claim("groups", g)));
        if (scopes is not null)
        {
            claims.Add(new Claim("scope", scopes));
        }

        var notAfter = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notAfter.AddMinutes(-20),
            IssuedAt = notAfter.AddMinutes(-20),
            Expires = notAfter,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The token with one character of its signature changed.</summary>
    public static string Tampered(string token)
    {
        var last = token[^2] == 'A' ? 'B' : 'A';
        return token[..^2] + last + token[^1];
    }
}
