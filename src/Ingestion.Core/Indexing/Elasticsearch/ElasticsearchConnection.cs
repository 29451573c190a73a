using System.Data.Common;
using System.Net.Http.Headers;
using System.Text;

namespace Ingestion.Core.Indexing.Elasticsearch;

/// <summary>
/// The cluster from <c>ConnectionStrings:search</c>: a URL as Aspire gives Elasticsearch resources
/// (<c>http://elastic:password@localhost:9200</c>, credentials optional), or
/// <c>Endpoint=https://host:9200;ApiKey=…</c> for an API key.
/// </summary>
public sealed record ElasticsearchConnection(Uri Endpoint, AuthenticationHeaderValue? Authorization)
{
    public static ElasticsearchConnection Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var endpoint = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
            return new ElasticsearchConnection(endpoint, url.UserInfo.Length > 0 ? Basic(Uri.UnescapeDataString(url.UserInfo)) : null);
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Part(string name) => parts.TryGetValue(name, out var value) && value is string text && text.Length > 0 ? text : null;
        if (Part("Endpoint") is not { } given || !Uri.TryCreate(given, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException("ConnectionStrings:search must be the cluster's URL (http://user:password@host:9200) or 'Endpoint=https://host:9200;ApiKey=…'.");
        }

        var authorization = Part("ApiKey") is { } key ? new AuthenticationHeaderValue("ApiKey", key)
            : Part("Username") is { } user ? Basic($"{user}:{Part("Password")}")
            : null;
        return new ElasticsearchConnection(uri, authorization);
    }

    private static AuthenticationHeaderValue Basic(string userAndPassword) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userAndPassword)));
}
