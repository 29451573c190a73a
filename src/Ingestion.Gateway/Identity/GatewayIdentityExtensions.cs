using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// Standard ASP.NET Core authentication and authorization for the gateway: an API-key scheme and JWT bearer tokens
/// behind one policy scheme that picks by the header sent, and one authorization policy per scope.
/// </summary>
public static class GatewayIdentityExtensions
{
    private const string SelectingScheme = "Gateway";

    public static IServiceCollection AddGatewayIdentity(this IServiceCollection services)
    {
        services.AddSingleton<GatewayKeys>();
        services.AddSingleton<GatewayIdentity>();
        services.AddSingleton<FailedCredentialLimiter>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorization();
        services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "API key or bearer token", scheme => scheme.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                && http.RequestServices.GetRequiredService<GatewayIdentity>().Tokens
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<GatewayOptions>, ValidatedTokenCache>((jwt, gateway, validated) => Configure(jwt, gateway.Value.Tokens, validated));
        services.AddOptions<AuthorizationOptions>().Configure<GatewayIdentity>((authorization, identity) =>
        {
            foreach (var scope in Scopes.All)
            {
                authorization.AddPolicy(scope, policy =>
                {
                    if (identity.Enabled)
                    {
                        policy.RequireAuthenticatedUser().RequireClaim(CallerClaims.Scope, scope);
                    }
                    else
                    {
                        // Single-user: loopback only (ExposureGuard), and everyone there may do everything.
                        policy.RequireAssertion(_ => true);
                    }
                });
            }
        });
        return services;
    }

    /// <summary>The credential checks, after the status-code pages so refusals are ProblemDetails.</summary>
    public static WebApplication UseGatewayIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limiter = app.Services.GetRequiredService<FailedCredentialLimiter>();
        app.Use((http, next) => limiter.InvokeAsync(http, next));
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Requires the <paramref name="scope"/> policy (see <see cref="Scopes"/>).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(scope);

    private static void Configure(JwtBearerOptions jwt, TokenOptions tokens, ValidatedTokenCache validated)
    {
        // Claims keep the names the issuer gave them (sub, groups, scp), not WS-Federation URIs.
        jwt.MapInboundClaims = false;
        jwt.Authority = tokens.Authority;
        jwt.RequireHttpsMetadata = tokens.RequireHttpsMetadata;
        jwt.Audience = tokens.Audience;
        jwt.TokenValidationParameters.ValidAudience = tokens.Audience;
        if (tokens.SigningKey is not null && TokenOptions.TryKeyBytes(tokens.SigningKey, out var key))
        {
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(key);
            jwt.TokenValidationParameters.ValidIssuer = tokens.Issuer;
            jwt.TokenValidationParameters.ValidateIssuer = tokens.Issuer is not null;
        }

        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // A token validated before, byte for byte, and not expired since: its caller as it was built then.
                if (BearerOf(context.Request) is { } token && validated.Find(token, Now(context.Options)) is { } known)
                {
                    context.Principal = known;
                    context.Success();
                }

                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                if (TokenClaims.CallerOf(context.Principal!, tokens) is { } caller)
                {
                    context.Principal = new System.Security.Claims.ClaimsPrincipal(caller);
                    if (BearerOf(context.Request) is { } token)
                    {
                        validated.Keep(token, context.Principal, new DateTimeOffset(context.SecurityToken.ValidTo, TimeSpan.Zero), Now(context.Options));
                    }
                }
                else
                {
                    context.Fail($"The bearer token names no user in any of its claims {string.Join(", ", tokens.UserClaimsOrDefault)} (Gateway:Tokens:UserClaims).");
                }

                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The bearer token of <paramref name="request"/>, read as the JWT bearer handler reads it.</summary>
    private static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header["Bearer ".Length..].Trim() is { Length: > 0 } token ? token : null;
    }

    private static DateTimeOffset Now(JwtBearerOptions options) => (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
}
