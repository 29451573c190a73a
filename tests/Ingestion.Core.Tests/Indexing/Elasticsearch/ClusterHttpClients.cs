using Ingestion.Core.Indexing.Elasticsearch;

namespace Ingestion.Core.Tests.Indexing.Elasticsearch;

/// <summary>An <see cref="IHttpClientFactory"/> whose clients go through one handler to one base address, as the store's named client does.</summary>
internal sealed class ClusterHttpClients(Uri endpoint, HttpMessageHandler handler, System.Net.Http.Headers.AuthenticationHeaderValue? authorization = null) : IHttpClientFactory
{
    public static ClusterHttpClients For(string connectionString)
    {
        var connection = ElasticsearchConnection.Parse(connectionString);
        return new ClusterHttpClients(connection.Endpoint, new SocketsHttpHandler(), connection.Authorization);
    }

    public HttpClient CreateClient(string name) => new(handler, disposeHandler: false)
    {
        BaseAddress = new Uri(endpoint.ToString().TrimEnd('/') + "/"),
        DefaultRequestHeaders = { Authorization = authorization },
    };
}
