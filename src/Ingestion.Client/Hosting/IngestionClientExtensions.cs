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
        builder.Services.AddHttpClient<IngestionClient>(http => http.BaseAddress = endpoint)
            .AddHttpMessageHandler(() => new CredentialHandler(options))
            .AddServiceDiscovery()
            // Retries only where a repeat cannot change anything twice; the client itself waits out a 429.
            .AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());

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
}
