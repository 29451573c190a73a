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
            .Select(scope => Unqualified(scope, options.Audience))
            .Where(Scopes.All.Contains)
            .Concat(options.DefaultScopesOrDefault);
        return CallerClaims.Identity(Scheme, user, scopes, groups);
    }

    /// <summary>
    /// A scope bare, or qualified by this gateway's audience as issuers qualify it (<c>api://ingestion/write</c>,
    /// <c>ingestion.write</c>, <c>ingestion:write</c>) by its last part; a scope qualified by anything else is another
    /// API's (a token may carry several: <c>api://billing/admin</c> grants nothing here), and comes back whole.
    /// </summary>
    private static string Unqualified(string scope, string? audience)
    {
        var separator = scope.LastIndexOfAny(['/', ':', '.']);
        return separator < 0 ? scope
            : string.Equals(scope[..separator], audience, StringComparison.Ordinal) ? scope[(separator + 1)..]
            : scope;
    }
}
