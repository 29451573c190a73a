using System.Text.Json;
using System.Text.Json.Serialization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Serialization;
using Elastic.Transport;

namespace Ingestion.Index.Elasticsearch;

/// <summary>
/// Elastic's official client for the store: one node, the connection's credentials, and sources written with the
/// field names of <see cref="ElasticsearchSchema"/> (snake case, nulls left out). The client takes no
/// <see cref="HttpClient"/>; the <c>handler</c> given to <see cref="Create"/> wraps the handler it creates, which is where resilience
/// (and, in tests, a stand-in cluster) goes in. A single-node pool does not retry by itself.
/// </summary>
public static class ElasticsearchClients
{
    public static ElasticsearchClient Create(ElasticsearchConnection connection, Func<HttpMessageHandler, HttpMessageHandler>? handler = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var invoker = handler is null ? new HttpRequestInvoker() : new HttpRequestInvoker((inner, _) => handler(inner));
        var settings = new ElasticsearchClientSettings(new SingleNodePool(connection.Endpoint), invoker, (_, s) => new DefaultSourceSerializer(s, ConfigureSource));
        if (connection.Authentication is { } authentication)
        {
            settings.Authentication(authentication);
        }

        return new ElasticsearchClient(settings);
    }

    /// <summary>How sources are written: also what <see cref="ElasticsearchBulk"/> measures requests with.</summary>
    public static void ConfigureSource(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
