using System.Security.Cryptography;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Hosting.Graph;

/// <summary>
/// Keys the AppHost makes for itself at start (its dashboard commands, its evaluation): a random key whose SHA-256
/// alone goes to the gateway as an entry of <c>Gateway:Keys</c>, at a list index beyond any an operator would configure.
/// </summary>
internal static class AppHostKeys
{
    /// <summary>Gives the gateway a key named <paramref name="name"/> with <paramref name="scopes"/>; returns the key.</summary>
    public static string Grant(IResourceBuilder<ProjectResource> gateway, int slot, string name, params string[] scopes)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var prefix = $"Gateway__Keys__{slot}__";
        gateway
            .WithEnvironment(prefix + "Name", name)
            .WithEnvironment(prefix + "KeyHash", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
        for (var i = 0; i < scopes.Length; i++)
        {
            gateway.WithEnvironment($"{prefix}Scopes__{i}", scopes[i]);
        }

        return key;
    }
}
