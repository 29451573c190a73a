using System.Security.Claims;
using CsCheck;
using Ingestion.Gateway.Identity;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// A token may carry scopes for other APIs beside this gateway's (a multi-audience token, a shared authorization
/// server): only a scope that is bare or qualified by this gateway's audience counts, so <c>api://billing/admin</c>
/// never makes its holder an admin here.
/// </summary>
public sealed class TokenScopeTests
{
    private static readonly TokenOptions Options = new() { SigningKey = Convert.ToBase64String(new byte[32]), Audience = "api://ingestion" };

    [Fact]
    public void AScopeOfAnotherApiNeverGrantsItsName()
    {
        var qualifier = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz:/.-"], 1, 24]
            .Where(q => !string.Equals(q, Options.Audience, StringComparison.Ordinal));
        Gen.Select(qualifier, Gen.Int[0, 2].Select(i => "/:."[i]), Gen.Int[0, Scopes.All.Count - 1].Select(i => Scopes.All[i])).Sample((other, separator, scope) =>
        {
            var granted = ScopesOf($"{other}{separator}{scope}");

            Assert.Equal([Scopes.Read], granted);
        }, iter: 500);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("api://ingestion/admin")]
    [InlineData("api://ingestion:admin")]
    [InlineData("api://ingestion.admin")]
    public void ABareScopeOrOneQualifiedByTheAudienceIsGranted(string scope)
    {
        Assert.Equal([Scopes.Admin, Scopes.Read], ScopesOf($"openid {scope} profile"));
    }

    [Fact]
    public void AScopeUnknownHereIsIgnored()
    {
        Assert.Equal([Scopes.Read], ScopesOf("api://ingestion/delete-everything superuser"));
    }

    /// <summary>The scopes a caller gets from a token with <paramref name="scope"/> as its scope claim (read comes with every token).</summary>
    private static string[] ScopesOf(string scope)
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "mallory"), new Claim("scope", scope)], "test"));
        var caller = TokenClaims.CallerOf(token, Options)!;
        return [.. caller.FindAll(CallerClaims.Scope).Select(c => c.Value).Order(StringComparer.Ordinal)];
    }
}
