using System.Data.Common;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Hosting.Elasticsearch;

/// <summary>
/// Healthy while the cluster's health is yellow or green. Takes the connection string in both forms the services
/// take (<c>http://user:password@host:9200</c>, or <c>Endpoint=…;ApiKey=…</c>) and sends its credentials.
/// </summary>
public sealed class ElasticsearchClusterHealthCheck(Func<string?> connectionString, HttpMessageHandler? handler = null) : IHealthCheck, IDisposable
{
    private readonly HttpClient _http = new(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null) { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connectionString() is not { Length: > 0 } given)
        {
            return HealthCheckResult.Unhealthy("The cluster has no address yet.");
        }

        var (endpoint, authorization) = Parse(given);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "_cluster/health?wait_for_status=yellow&timeout=1s"));
        request.Headers.Authorization = authorization;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return HealthCheckResult.Unhealthy($"_cluster/health answered {(int)response.StatusCode}.");
            }

            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var status = health.RootElement.TryGetProperty("status", out var value) ? value.GetString() : null;
            return status is "green" or "yellow" ? HealthCheckResult.Healthy($"cluster {status}") : HealthCheckResult.Unhealthy($"cluster {status ?? "unknown"}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return HealthCheckResult.Unhealthy($"The cluster does not answer: {exception.Message}", exception);
        }
    }

    public void Dispose() => _http.Dispose();

    private static (Uri Endpoint, AuthenticationHeaderValue? Authorization) Parse(string connectionString)
    {
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var url))
        {
            var endpoint = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
            return (endpoint, url.UserInfo.Length > 0 ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(url.UserInfo)))) : null);
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var address = new Uri((parts.TryGetValue("Endpoint", out var e) ? e as string : null) ?? throw new HostingException("ConnectionStrings:search names no cluster: give its URL or Endpoint=…;ApiKey=…."));
        return (address, parts.TryGetValue("ApiKey", out var key) && key is string apiKey ? new AuthenticationHeaderValue("ApiKey", apiKey) : null);
    }
}
