using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Client.Hosting;

/// <summary>The gateway is healthy when its <c>/health</c> says so (its stores, broker and cache included).</summary>
internal sealed class IngestionHealthCheck(IHttpClientFactory clients) : IHealthCheck
{
    public const string ClientName = "Ingestion.Client.Health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var http = clients.CreateClient(ClientName);
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : new HealthCheckResult(context.Registration.FailureStatus, $"The gateway's /health answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException exception)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The gateway is unreachable.", exception);
        }
    }
}
