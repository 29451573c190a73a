using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Hosting.Graph;

/// <summary>
/// The AppHost's <c>Gateway</c> section for the gateway, without its secrets in the clear: an environment variable is
/// shown by the dashboard and written as it is into a published manifest. API keys go as their SHA-256
/// (<c>Gateway:Keys:N:KeyHash</c>, what the gateway compares anyway), the single keys of earlier configurations as
/// entries of the same list, named and scoped as the gateway names and scopes them; the token signing key, which has
/// no such form, as a secret parameter.
/// </summary>
internal static class GatewaySettings
{
    private const string Section = "Gateway";

    /// <summary>List slots for <c>Gateway:ApiKey</c> and <c>Gateway:AdminApiKey</c>, beside the AppHost's own (90, 91).</summary>
    private const int ApiKeySlot = 92;
    private const int AdminApiKeySlot = 93;

    /// <summary>The gateway's shortest key (its <c>ApiKeyEntry.MinKeyLength</c>): a key reaches it only as a hash, which it cannot measure.</summary>
    private const int MinKeyLength = 16;

    public static IResourceBuilder<ProjectResource> WithGatewaySettings(this IResourceBuilder<ProjectResource> gateway, IDistributedApplicationBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        foreach (var (key, value) in section.AsEnumerable(makePathsRelative: false))
        {
            var path = key.Split(':');
            if (value is not null && value.Length < MinKeyLength && (Is(path, "Gateway", "ApiKey") || Is(path, "Gateway", "AdminApiKey") || IsListedKey(path)))
            {
                // Refused here, as a gateway run on its own refuses it at start.
                throw new InvalidOperationException($"{key} must be at least {MinKeyLength} characters.");
            }
        }

        gateway.WithEnvironment(context =>
        {
            foreach (var (key, value) in section.AsEnumerable(makePathsRelative: false))
            {
                if (value is null)
                {
                    continue;
                }

                var path = key.Split(':');
                if (Is(path, "Gateway", "ApiKey"))
                {
                    // As the gateway's GatewayKeys names and scopes the single keys.
                    Hashed(context.EnvironmentVariables, ApiKeySlot, value, "api-key", "read", "write");
                }
                else if (Is(path, "Gateway", "AdminApiKey"))
                {
                    Hashed(context.EnvironmentVariables, AdminApiKeySlot, value, "admin", "admin");
                }
                else if (IsListedKey(path))
                {
                    context.EnvironmentVariables[$"Gateway__Keys__{path[2]}__KeyHash"] = HashOf(value);
                }
                else if (!Is(path, "Gateway", "Tokens", "SigningKey"))
                {
                    context.EnvironmentVariables[string.Join("__", path)] = value;
                }
            }
        });

        if (section["Tokens:SigningKey"] is not null)
        {
            var signingKey = builder.AddParameterFromConfiguration("gateway-token-signing-key", "Gateway:Tokens:SigningKey", secret: true);
            gateway.WithEnvironment("Gateway__Tokens__SigningKey", signingKey);
        }

        return gateway;
    }

    private static void Hashed(Dictionary<string, object> environment, int slot, string key, string name, params string[] scopes)
    {
        var prefix = $"Gateway__Keys__{slot}__";
        environment[prefix + "Name"] = name;
        environment[prefix + "KeyHash"] = HashOf(key);
        for (var i = 0; i < scopes.Length; i++)
        {
            environment[$"{prefix}Scopes__{i}"] = scopes[i];
        }
    }

    private static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="path"/> is a key of the list, <c>Gateway:Keys:N:Key</c>.</summary>
    private static bool IsListedKey(string[] path) =>
        path.Length == 4 && Is(path[..2], "Gateway", "Keys") && path[3].Equals("Key", StringComparison.OrdinalIgnoreCase);

    private static bool Is(string[] path, params string[] expected) =>
        path.Length == expected.Length && path.Zip(expected).All(p => p.First.Equals(p.Second, StringComparison.OrdinalIgnoreCase));
}
