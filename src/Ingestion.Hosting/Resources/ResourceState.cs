namespace Ingestion.Hosting.Resources;

/// <summary>Lifecycle of a resource, as the Aspire dashboard shows it.</summary>
public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Healthy,
    Unhealthy,
    Stopping,
    Restarting,
    Exited,
    FailedToStart,
}
