using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ingestion.Bench;

/// <summary>Bearer tokens for the benchmark's gateway with identities, signed with a local key (no identity provider runs here).</summary>
internal static class BenchTokens
{
    private const string Issuer = "https://bench.invalid";
    private const string Audience = "api://ingestion-bench";
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 11 + 3))];

    /// <summary>The gateway settings that trust these tokens.</summary>
    public static string[] Settings =>
    [
        $"--Gateway:Tokens:SigningKey={Convert.ToBase64String(Key)}",
        $"--Gateway:Tokens:Issuer={Issuer}",
        $"--Gateway:Tokens:Audience={Audience}",
    ];

    /// <summary>A token of a user in <paramref name="groups"/>, valid for an hour.</summary>
    public static string Mint(IEnumerable<string> groups) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new Claim("sub", "bench-user"), .. groups.Select(g => new Claim("groups", g))]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Key), SecurityAlgorithms.HmacSha256),
    });
}
