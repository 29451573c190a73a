using System.Diagnostics;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Hosting;

public static class ResourceCommandExtensions
{
    /// <summary>The name of the command that kills a resource's process, for fault tests and the dashboard.</summary>
    public const string KillCommand = "kill";

    /// <summary>
    /// A "Kill (SIGKILL)" command beside Aspire's own Stop, Start and Restart: the process (and its children: a project
    /// runs under <c>dotnet run</c>) dies without a chance to clean up, as in a crash. It stays down until started again.
    /// </summary>
    public static IResourceBuilder<T> WithKillCommand<T>(this IResourceBuilder<T> builder)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithCommand(
            KillCommand,
            "Kill (SIGKILL)",
            context =>
            {
                var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
                if (!notifications.TryGetCurrentState(context.ResourceName, out var current)
                    || current.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is not { } value
                    || !int.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), out var pid))
                {
                    return Task.FromResult(CommandResults.Failure($"{context.ResourceName} has no process to kill."));
                }

                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                return Task.FromResult(CommandResults.Success());
            },
            new CommandOptions
            {
                Description = "Kill the process with SIGKILL, as a crash would (for fault testing).",
                IconName = "Delete",
                UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
            });
    }
}
