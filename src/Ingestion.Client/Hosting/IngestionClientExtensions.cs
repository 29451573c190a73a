using Ingestion.Client;
using Ingestion.Client.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The client integration, shaped as Aspire's own <c>Aspire.*</c> client packages are: the gateway's address from the
/// connection string of <c>connectionName</c> (<c>ConnectionStrings__ingestion</c>, a URL or <c>Endpoint=…;Key=…</c>),
/// else from settings (<c>Ingestion:Client:Endpoint</c>), else service discovery (<c>services__ingestion__http__0</c>,
/// as <c>WithReference</c> of a project gives it); the typed <see cref="IngestionClient"/> with the standard
/// resilience handler, a health check and its spans in the app's traces.
/// </summary>
public static class IngestionClientExtensions
{
    public static IHostApplicationBuilder AddIngestionClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<IngestionClientSettings>? configureSettings = null,
        Action<IngestionClientOptions>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(connectionName);
        var settings = new IngestionClientSettings();
        builder.Configuration.GetSection(IngestionClientSettings.SectionName).Bind(settings);
        settings.ParseConnectionString(builder.Configuration.GetConnectionString(connectionName));
        configureSettings?.Invoke(settings);

        // Without an address, the name is resolved by service discovery, HTTPS preferred.
        var endpoint = settings.Endpoint ?? new Uri($"https+http://{connectionName}");
        var options = new IngestionClientOptions { Endpoint = endpoint, ApiKey = settings.ApiKey };
        configureClient?.Invoke(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddServiceDiscovery();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers, below
        builder.Services.AddHttpClient<IngestionClient>(http =>
            {
                http.BaseAddress = endpoint;
                // The resilience handler bounds each attempt and the whole request; HttpClient's own 100 s would cut
                // off an ask before them.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler(() => new CredentialHandler(options))
            // HttpClientFactory logs request headers at Trace as they are: the credential's are replaced by a mark.
            .RedactLoggedHeaders([CredentialHandler.ApiKeyHeader, "Authorization"])
            .AddServiceDiscovery()
            // An app's defaults (Aspire's ServiceDefaults) give every client the standard handler as it comes: around
            // this one, it retried asks and document changes and cut them off at 10 s. Only this client's own stays.
            // The library's way for exactly this, marked for evaluation in Microsoft.Extensions.Http.Resilience 10.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(Resilience);
#pragma warning restore EXTEXP0001

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHttpClient(IngestionHealthCheck.ClientName, http => http.BaseAddress = endpoint).AddServiceDiscovery();
            builder.Services.AddHealthChecks().AddCheck<IngestionHealthCheck>($"Ingestion.Client_{connectionName}");
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(IngestionClientTelemetry.ActivitySourceName));
        }

        return builder;
    }

    /// <summary>
    /// The standard handler, with what the gateway's answers need: retries only where a repeat cannot change anything
    /// twice; an attempt as long as an ask may take (its chat model has 100 s a try, and tries again), where the default
    /// of 10 s cut asks off while the gateway went on answering; and 429s left out of the circuit breaker, as the client
    /// itself waits them out, so a burst of them cannot open the circuit on every other request.
    /// </summary>
    private static void Resilience(HttpStandardResilienceOptions resilience)
    {
        resilience.Retry.DisableForUnsafeHttpMethods();
        resilience.AttemptTimeout.Timeout = TimeSpan.FromMinutes(5);
        resilience.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(10);
        // The breaker samples over at least twice an attempt, as the standard handler's validation requires.
        resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(10);
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests && HttpClientResiliencePredicates.IsTransient(args.Outcome));
    }
}
