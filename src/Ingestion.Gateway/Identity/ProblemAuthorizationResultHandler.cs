using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace Ingestion.Gateway.Identity;

/// <summary>
/// 401 and 403 as ProblemDetails that say what to send: the challenge of the scheme asked (its <c>WWW-Authenticate</c>),
/// then why the credential was refused, or which scope the endpoint needs. Never echoes the credential.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            // The handlers keep their result for the request, so this asks no one twice; the middleware keeps only successes.
            var failure = (await context.AuthenticateAsync()).Failure;
            await context.ChallengeAsync();
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Credential required", failure is null
                ? $"Send an API key in the {ApiKeyAuthenticationHandler.Header} header or a bearer token in Authorization."
                : Reason(failure));
            return;
        }

        if (authorizeResult.Forbidden)
        {
            var scopes = policy.Requirements.OfType<ClaimsAuthorizationRequirement>().SelectMany(r => r.AllowedValues ?? []);
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Scope required", $"This needs the '{string.Join("' or '", scopes)}' scope, which the credential does not have.");
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>Why a credential failed, in words that name no part of it.</summary>
    private static string Reason(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "The bearer token has expired.",
        SecurityTokenInvalidAudienceException => "The bearer token is not for this gateway's audience (Gateway:Tokens:Audience).",
        SecurityTokenInvalidIssuerException => "The bearer token is not from the configured issuer.",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The bearer token's signature is not valid.",
        SecurityTokenException => "The bearer token is not valid.",
        _ => failure.Message,
    };

    private async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
