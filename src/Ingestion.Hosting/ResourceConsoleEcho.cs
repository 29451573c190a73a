using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Ingestion.Hosting;

/// <summary>
/// Each resource's console output on the AppHost's console too, every line prefixed with the resource's name, so a
/// developer running the system in a terminal sees what its processes say (the dashboard's console view shows the same).
/// </summary>
public sealed class ResourceConsoleEcho(ResourceNotificationService notifications, ResourceLoggerService logs) : BackgroundService
{
    private static readonly Lock Console = new();
    private readonly ConcurrentDictionary<string, Task> _followed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                // Aspire's own hidden resources (its dashboard) are not the system's.
                if (update.Snapshot.IsHidden)
                {
                    continue;
                }

                _ = _followed.GetOrAdd(update.ResourceId, id => FollowAsync(id, PrefixOf(update), stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The orchestrator puts the time before each line; the terminal has no use for it.</summary>
    private static string WithoutTimestamp(string content) =>
        content.Length > 28 && content[4] == '-' && content[10] == 'T' && content.IndexOf(' ', StringComparison.Ordinal) is > 19 and < 40 and var space
            ? content[(space + 1)..]
            : content;

    /// <summary>A replica is shown by its instance id (<c>worker-ab12cd</c>), as the dashboard shows it; a single resource by its name.</summary>
    private static string PrefixOf(ResourceEvent update) =>
        update.Resource.TryGetLastAnnotation<ReplicaAnnotation>(out var replicas) && replicas.Replicas > 1 ? update.ResourceId : update.Resource.Name;

    private async Task FollowAsync(string resourceId, string prefix, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stoppingToken))
            {
                lock (Console)
                {
                    foreach (var line in batch)
                    {
                        (line.IsErrorMessage ? System.Console.Error : System.Console.Out).WriteLine($"[{prefix}] {WithoutTimestamp(line.Content)}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
