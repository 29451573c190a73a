using System.Data.Common;

namespace Ingestion.Gateway.Infrastructure;

/// <summary>
/// Where the chat model is: the connection string <c>ConnectionStrings__chat</c> in the form Aspire gives OpenAI
/// resources, <c>Endpoint=https://host/v1;Key=…;Model=gpt-4o-mini</c>. The key may be left out for endpoints
/// that need none (a local server).
/// </summary>
public sealed record ChatConnection(Uri Endpoint, string? Key, string Model)
{
    /// <summary>The connection string's parts, or an exception saying which part is wrong.</summary>
    public static ChatConnection Parse(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Part(string name) => parts.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;

        var endpoint = Part("Endpoint");
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{Contracts.ResourceNames.Chat} needs Endpoint=<http(s) URL of an OpenAI-compatible API, such as https://api.openai.com/v1>; it has '{endpoint}'.");
        }

        var model = Part("Model") ?? Part("Deployment")
            ?? throw new InvalidOperationException($"ConnectionStrings:{Contracts.ResourceNames.Chat} needs Model=<the chat model's name>.");
        return new ChatConnection(uri, Part("Key"), model);
    }
}
