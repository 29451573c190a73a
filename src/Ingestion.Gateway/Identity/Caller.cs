using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Ingestion.Index;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// Who is asking: a user with groups and scopes, or, on a single-user gateway, anyone (<see cref="Unrestricted"/>).
/// Every path that returns text restricts what it reads by the caller's <see cref="ReaderTerms"/> (the index applies
/// them inside both legs), and keys what it keeps by <see cref="AccessKey"/>. Bound as a parameter of any endpoint.
/// </summary>
public sealed class Caller
{
    private static readonly ConditionalWeakTable<ClaimsPrincipal, Caller> OfPrincipal = [];
    private readonly HashSet<string>? _readable;

    private Caller(string? userId, IReadOnlyList<string> groups, IReadOnlySet<string> scopes, bool unrestricted)
    {
        UserId = userId;
        Groups = groups;
        Scopes = scopes;
        Unrestricted = unrestricted;
        if (!unrestricted)
        {
            // Built once per request, in one order, as a set too: a status batch checks a thousand documents against them.
            // Nobody (no user) has no terms at all: public documents are for the users the gateway admits.
            string[] terms = userId is null ? [] : [Index.ReaderTerms.Public, Index.ReaderTerms.User(userId), .. groups.Select(Index.ReaderTerms.Group)];
            Array.Sort(terms, StringComparer.Ordinal);
            ReaderTerms = terms;
            _readable = new HashSet<string>(terms, StringComparer.Ordinal);
        }

        AccessKey = ReaderTerms is null ? "all" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ReaderTerms))));
        QueryCacheScope = userId is null ? (unrestricted ? "all" : "nobody") : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("user\n" + userId)))[..32];
    }

    /// <summary>The caller of a single-user gateway: reads everything.</summary>
    public static Caller SingleUser { get; } = new(null, [], new HashSet<string>(Identity.Scopes.All, StringComparer.Ordinal), unrestricted: true);

    /// <summary>An unauthenticated caller of a gateway with identities: reads nothing (no endpoint should admit one).</summary>
    public static Caller Nobody { get; } = new(null, [], new HashSet<string>(StringComparer.Ordinal), unrestricted: false);

    public string? UserId { get; }

    public IReadOnlyList<string> Groups { get; }

    public IReadOnlySet<string> Scopes { get; }

    public bool Unrestricted { get; }

    /// <summary>The reader terms that stand for this caller (<c>public</c>, its user, its groups); null when unrestricted.</summary>
    public IReadOnlyList<string>? ReaderTerms { get; }

    /// <summary>A hash of what this caller may read: two callers of one key see the same documents.</summary>
    public string AccessKey { get; }

    /// <summary>
    /// Whose cached query vectors this caller's queries are answered from: its user's alone (two users who read the
    /// same documents still ask their own questions); one scope for the single user.
    /// </summary>
    public string QueryCacheScope { get; }

    /// <summary>A caller of <paramref name="principal"/>'s claims (<see cref="CallerClaims"/>).</summary>
    public static Caller Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        // A validated token's principal serves every request of that token (ValidatedTokenCache): its caller is built once.
        return OfPrincipal.GetValue(principal, Build);
    }

    private static Caller Build(ClaimsPrincipal principal) =>
        principal.FindFirst(CallerClaims.User)?.Value is { } user
            ? new Caller(
                user,
                [.. principal.FindAll(CallerClaims.Group).Select(c => c.Value).Distinct(StringComparer.Ordinal)],
                principal.FindAll(CallerClaims.Scope).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
                unrestricted: false)
            : Nobody;

    /// <summary>The caller of a request: its principal's where the gateway has identities, else the single user.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return ValueTask.FromResult<Caller?>(http.RequestServices.GetRequiredService<GatewayIdentity>().Enabled ? Of(http.User) : SingleUser);
    }

    /// <summary><paramref name="filter"/> restricted to what this caller may read.</summary>
    public SearchFilter Restrict(SearchFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter with { Readers = ReaderTerms };
    }

    /// <summary>Whether this caller may read a document naming <paramref name="readers"/>.</summary>
    public bool MayRead(IReadOnlyList<string> readers) => Index.ReaderTerms.MayRead(_readable, readers);
}
