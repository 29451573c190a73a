using System.Diagnostics;

namespace Ingestion.Client;

/// <summary>The client's spans, one per call, each the parent of the HTTP request that carries its trace to the gateway.</summary>
public static class IngestionClientTelemetry
{
    public const string ActivitySourceName = "Ingestion.Client";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
