using System.Net.Http.Headers;

namespace Ingestion.Client;

/// <summary>Adds the caller's credential to every request: the API key, or a bearer token fresh from the provider.</summary>
internal sealed class CredentialHandler(IngestionClientOptions options) : DelegatingHandler
{
    public const string ApiKeyHeader = "X-Api-Key";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Remove(ApiKeyHeader);
            request.Headers.Add(ApiKeyHeader, key);
        }
        else if (options.TokenProvider is { } provider && await provider(cancellationToken) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
