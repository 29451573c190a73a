namespace Ingestion.Hosting;

/// <summary>
/// Something that runs beside the resources for the whole run, such as the dashboard: it starts
/// before any resource (so it can receive their telemetry from the first line) and is disposed after
/// every resource stopped.
/// </summary>
public interface IDistributedApplicationLifecycleHook : IAsyncDisposable
{
    Task BeforeStartAsync(DistributedApplication application, CancellationToken cancellationToken);
}
