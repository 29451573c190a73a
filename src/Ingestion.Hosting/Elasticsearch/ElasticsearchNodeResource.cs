using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Hosting.Elasticsearch;

/// <summary>A single Elasticsearch node from the machine's <c>elasticsearch</c> binary, on loopback ports DCP allocates, security off.</summary>
public sealed class ElasticsearchNodeResource(string name, string command, string dataFolder)
    : ExecutableResource(name, command, dataFolder), IResourceWithConnectionString
{
    public const string HttpEndpointName = "http";
    public const string TransportEndpointName = "transport";

    private EndpointReference? _http;

    public string DataFolder => WorkingDirectory;

    public EndpointReference HttpEndpoint => _http ??= new(this, HttpEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{HttpEndpoint.Property(EndpointProperty.Url)}");
}
