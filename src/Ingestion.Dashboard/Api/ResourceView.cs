using Ingestion.Hosting.Resources;

namespace Ingestion.Dashboard.Api;

/// <summary>What the resources view shows of one resource.</summary>
public sealed record ResourceView(
    string Name,
    string Type,
    string State,
    IReadOnlyList<string> Endpoints,
    int? ProcessId,
    DateTimeOffset? StartedAt,
    double? UptimeSeconds,
    int RestartCount,
    int? ExitCode,
    long ConsoleLines)
{
    public static ResourceView Of(Resource resource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var running = resource.State is ResourceState.Running or ResourceState.Healthy or ResourceState.Unhealthy;
        return new ResourceView(
            resource.Name,
            TypeOf(resource),
            StateName(resource.State),
            resource.Endpoints,
            running ? resource.ProcessId : null,
            resource.StartedAt,
            running && resource.StartedAt is { } started ? Math.Round((now - started).TotalSeconds) : null,
            resource.RestartCount,
            resource.ExitCode,
            resource.Log.Total);
    }

    /// <summary>The state as a lower-case word (<c>healthy</c>, <c>failed-to-start</c>).</summary>
    public static string StateName(ResourceState state) => state switch
    {
        ResourceState.NotStarted => "not-started",
        ResourceState.FailedToStart => "failed-to-start",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string TypeOf(Resource resource) => resource switch
    {
        RedisResource => "redis",
        RabbitMQResource => "rabbitmq",
        ProjectResource => "project",
        _ => resource.GetType().Name.Replace("Resource", string.Empty, StringComparison.Ordinal).ToLowerInvariant(),
    };
}
