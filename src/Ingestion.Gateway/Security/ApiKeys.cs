using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Ingestion.Gateway.Security;

/// <summary>
/// The gateway's keys, sent in <c>X-Api-Key</c>: <c>Gateway:ApiKey</c> for what changes the corpus or costs money
/// (document changes, asks), <c>Gateway:AdminApiKey</c> for the admin API. Compared in fixed time.
/// </summary>
public static class ApiKeys
{
    public const string Header = "X-Api-Key";

    /// <summary>Requires <c>Gateway:ApiKey</c> when one is set; without one (a gateway on loopback only) anyone local may write.</summary>
    public static TBuilder RequireWriteKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.ApiKey;
            return key is null || Matches(context.HttpContext, key)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send the gateway's API key (Gateway:ApiKey) in the {Header} header.");
        });

    /// <summary>Requires <c>Gateway:AdminApiKey</c>; without one the admin API is off (404).</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.AdminApiKey;
            if (key is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The admin API is off", detail: "Set Gateway:AdminApiKey (at least 16 characters) to turn it on.");
            }

            return Matches(context.HttpContext, key)
                ? await next(context)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send the admin API key in the {Header} header.");
        });

    private static bool Matches(HttpContext http, string key) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Headers[Header].ToString())),
            SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
