using System.Data.Common;

namespace Ingestion.Core.Embeddings;

/// <summary>
/// An OpenAI-compatible endpoint given as a connection string in the form Aspire gives OpenAI resources,
/// <c>Endpoint=https://host/v1;Key=…;Model=…</c> (the chat model's <c>ConnectionStrings__chat</c>, an embedding
/// model's <c>ConnectionStrings__embeddings</c>). The key may be left out for endpoints that need none (a local server).
/// </summary>
public sealed record OpenAiConnection(Uri Endpoint, string? Key, string Model)
{
    /// <summary>The connection string's parts, or an exception saying which part of <c>ConnectionStrings:{name}</c> is wrong.</summary>
    public static OpenAiConnection Parse(string connectionString, string name)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Part(string key) => parts.TryGetValue(key, out var value) && value is string text && text.Length > 0 ? text : null;

        var endpoint = Part("Endpoint");
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{name} needs Endpoint=<http(s) URL of an OpenAI-compatible API, such as https://api.openai.com/v1>; it has {Described(endpoint)}.");
        }

        var model = Part("Model") ?? Part("Deployment")
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} needs Model=<the model's name>.");
        return new OpenAiConnection(uri, Part("Key"), model);
    }

    /// <summary>What a refused endpoint is, never the value: it may carry a key (in its user info, its path or its query).</summary>
    private static string Described(string? endpoint) =>
        endpoint is null ? "none"
        : Uri.TryCreate(endpoint, UriKind.Absolute, out var given) ? $"a URL of the scheme '{given.Scheme}'"
        : "a value that is not a URL";
}
