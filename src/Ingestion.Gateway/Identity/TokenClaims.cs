using System.Security.Claims;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// A validated token's principal in the caller's shape (<see cref="CallerClaims"/>): the user from the first of
/// <c>Gateway:Tokens:UserClaims</c> present, its groups and scopes from the configured claims.
/// </summary>
internal static class TokenClaims
{
    public const string Scheme = "Bearer";

    /// <summary>The caller's identity, or null when the token names no user.</summary>
    public static ClaimsIdentity? CallerOf(ClaimsPrincipal token, TokenOptions options)
    {
        var user = options.UserClaimsOrDefault.Select(type => token.FindFirst(type)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (user is null)
        {
            return null;
        }

        var groups = options.GroupClaimsOrDefault.SelectMany(type => token.FindAll(type)).Select(c => c.Value).Where(v => v.Length > 0);
        var scopes = options.ScopeClaimsOrDefault
            .SelectMany(type => token.FindAll(type))
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(Unqualified)
            .Where(Scopes.All.Contains)
            .Concat(options.DefaultScopesOrDefault);
        return CallerClaims.Identity(Scheme, user, scopes, groups);
    }

    /// <summary>A scope as issuers qualify it (<c>api://ingestion/write</c>, <c>ingestion.write</c>) by its last part.</summary>
    private static string Unqualified(string scope) => scope[(scope.LastIndexOfAny(['/', ':', '.']) + 1)..];
}
