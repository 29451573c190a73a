namespace Ingestion.Hosting.Resources;

/// <summary>What every resource needs to know of the run: where data folders go, and where telemetry goes.</summary>
public sealed class HostingContext(string dataPath)
{
    public string DataPath { get; } = dataPath;

    /// <summary>The OTLP (gRPC) endpoint that services export to; set by the dashboard before anything starts.</summary>
    public Uri? OtlpEndpoint { get; set; }

    public string DataFolderOf(string resourceName)
    {
        var path = Path.Combine(DataPath, resourceName);
        Directory.CreateDirectory(path);
        return path;
    }
}
