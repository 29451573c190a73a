using System.Security.Claims;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// The claims every authenticated caller carries, whichever way it came in (an API key or a token): its user id, its
/// scopes and its groups, so authorization and document permissions read one shape.
/// </summary>
public static class CallerClaims
{
    public const string User = "ingestion:user";
    public const string Scope = "ingestion:scope";
    public const string Group = "ingestion:group";

    /// <summary>An identity of a user with scopes and groups, authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsIdentity Identity(string scheme, string userId, IEnumerable<string> scopes, IEnumerable<string> groups)
    {
        var identity = new ClaimsIdentity(scheme, User, null);
        identity.AddClaim(new Claim(User, userId));
        identity.AddClaims(scopes.Distinct(StringComparer.Ordinal).Select(s => new Claim(Scope, s)));
        identity.AddClaims(groups.Distinct(StringComparer.Ordinal).Select(g => new Claim(Group, g)));
        return identity;
    }
}
