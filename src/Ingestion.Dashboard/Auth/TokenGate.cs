using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Dashboard.Auth;

/// <summary>
/// The dashboard's only credential: a token given once (printed URL, login form, or a bearer header)
/// and then carried in an HTTP-only, same-site cookie. Comparisons take constant time.
/// </summary>
public sealed class TokenGate(string token)
{
    public const string CookieName = "ingestion_dashboard";

    private readonly byte[] _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public string Token { get; } = token;

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool Matches(string? candidate) =>
        candidate is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _tokenHash);

    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Matches(request.Cookies[CookieName]))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim());
    }

    public void SignIn(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(CookieName, Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            IsEssential = true,
            Path = "/",
        });
    }
}
