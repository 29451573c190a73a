using System.Data.Common;
using Elastic.Transport;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// The cluster from <c>ConnectionStrings:search</c>: a URL as Aspire gives Elasticsearch resources
/// (<c>http://elastic:password@localhost:9200</c>, credentials optional), or
/// <c>Endpoint=https://host:9200;ApiKey=…</c> (or <c>Username=…;Password=…</c>).
/// </summary>
public sealed record ElasticsearchConnection(Uri Endpoint, AuthorizationHeader? Authentication)
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

        AuthorizationHeader? authentication = Part("ApiKey") is { } key ? new ApiKey(key)
            : Part("Username") is { } user ? new BasicAuthentication(user, Part("Password") ?? string.Empty)
            : null;
        return new ElasticsearchConnection(uri, authentication);
    }

    private static BasicAuthentication Basic(string userAndPassword)
    {
        var colon = userAndPassword.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new BasicAuthentication(userAndPassword, string.Empty) : new BasicAuthentication(userAndPassword[..colon], userAndPassword[(colon + 1)..]);
    }
}
