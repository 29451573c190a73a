using System.Net;
using System.Security.Claims;
using CsCheck;
using Ingestion.Gateway.Identity;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Tests.Identity;

/// <summary>
/// A validated token's caller is kept by a hash of the whole token (<see cref="ValidatedTokenCache"/>): only the same
/// token, byte for byte, finds it, and only until the token expires or the configured lifetime ends, within its bytes.
/// </summary>
[Collection(SharedRedis.Name)]
public sealed class ValidatedTokenTests(LocalRedis redis)
{
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AfterATokenIsAcceptedNoOtherTokenDifferingFromItInOneCharacterIsAccepted()
    {
        var settings = LocalIssuer.Settings();
        settings["Gateway:RateLimit:PermitsPerWindow"] = "100000";
        settings["Gateway:FailedCredentialLimit:PermitsPerWindow"] = "100000";
        using var gateway = new GatewayHost(redis, settings);
        using var client = gateway.CreateClient();
        var token = LocalIssuer.Mint("alice", ["finance"]);
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, token));

        // Any character but the last of each part: a last one carries padding bits a decoder may ignore, which would be
        // the same token to any validator, kept or not.
        var changeable = Enumerable.Range(0, token.Length).Where(i => token[i] != '.' && i + 1 < token.Length && token[i + 1] != '.').ToArray();
        await Gen.Select(Gen.Int[0, changeable.Length - 1], Gen.Int[0, Base64Url.Length - 1]).SampleAsync(
            async pick =>
            {
                var (at, with) = pick;
                var position = changeable[at];
                var other = token[..position] + Base64Url[with] + token[(position + 1)..];
                var expected = other == token ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
                Assert.Equal(expected, await StatusWithAsync(client, other));
                // The accepted token still passes after each refusal.
                Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, token));
            },
            iter: 60,
            threads: 1);
    }

    [Fact]
    public void AKeptCallerIsFoundByItsTokenAloneAndOnlyUntilTheTokenExpires()
    {
        using var cache = CacheOf(new TokenOptions { CacheValidatedFor = TimeSpan.FromHours(1) });
        var principal = PrincipalWithGroups(2);

        cache.Keep("token-one", principal, tokenExpires: Now.AddMinutes(10), Now);

        Assert.Same(principal, cache.Find("token-one", Now.AddMinutes(9)));
        Assert.Null(cache.Find("token-onf", Now));
        Assert.Null(cache.Find("token-one ", Now));
        Assert.Null(cache.Find("token-one", Now.AddMinutes(10)));
    }

    [Fact]
    public void AKeptCallerIsForgottenAfterTheConfiguredLifetimeEvenIfItsTokenIsStillValid()
    {
        using var cache = CacheOf(new TokenOptions { CacheValidatedFor = TimeSpan.FromMinutes(1) });
        cache.Keep("token", PrincipalWithGroups(1), tokenExpires: Now.AddHours(1), Now);

        Assert.NotNull(cache.Find("token", Now.AddSeconds(59)));
        Assert.Null(cache.Find("token", Now.AddMinutes(1)));
    }

    [Fact]
    public void NothingIsKeptWithALifetimeOfZeroOrACallerLargerThanTheBytesAllowed()
    {
        using var off = CacheOf(new TokenOptions { CacheValidatedFor = TimeSpan.Zero });
        using var small = CacheOf(new TokenOptions { CacheValidatedBytes = 64 * 1024 });

        off.Keep("token", PrincipalWithGroups(1), Now.AddHours(1), Now);
        small.Keep("few groups", PrincipalWithGroups(10), Now.AddHours(1), Now);
        small.Keep("a thousand groups", PrincipalWithGroups(1_000), Now.AddHours(1), Now);

        Assert.Null(off.Find("token", Now));
        Assert.NotNull(small.Find("few groups", Now));
        Assert.Null(small.Find("a thousand groups", Now));
    }

    private static ValidatedTokenCache CacheOf(TokenOptions tokens)
    {
        var options = new GatewayOptions();
        options.Tokens.CacheValidatedFor = tokens.CacheValidatedFor;
        options.Tokens.CacheValidatedBytes = tokens.CacheValidatedBytes;
        return new ValidatedTokenCache(Options.Create(options));
    }

    private static ClaimsPrincipal PrincipalWithGroups(int groups) =>
        new(CallerClaims.Identity("Bearer", "alice", [Scopes.Read], Enumerable.Range(0, groups).Select(g => $"g{g}")));

    private static async Task<HttpStatusCode> StatusWithAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/index");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
