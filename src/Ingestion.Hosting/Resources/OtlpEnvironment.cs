using System.Security.Cryptography;

namespace Ingestion.Hosting.Resources;

/// <summary>
/// The OpenTelemetry settings a service gets, as Aspire's <c>WithOtlpExporter</c> gives them: where to
/// export, its service name and instance, and short export intervals so the dashboard is live.
/// </summary>
internal static class OtlpEnvironment
{
    public static void AddTo(IDictionary<string, string> environment, string serviceName, Uri? otlpEndpoint)
    {
        environment["OTEL_SERVICE_NAME"] = serviceName;
        if (otlpEndpoint is null)
        {
            return;
        }

        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint.ToString().TrimEnd('/');
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";

        // A new instance id per launch, so a restarted process shows as a new instance of the same service.
        var instance = $"{serviceName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instance},deployment.environment.name=development";

        // The SDK defaults (5 s batches, 60 s metrics) suit a production collector, not a live dashboard.
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        environment["OTEL_TRACES_SAMPLER"] = "always_on";
    }
}
