using Ingestion.Hosting.Processes;

namespace Ingestion.Hosting.Resources;

/// <summary>
/// Something the AppHost starts as a process of this machine: a server or one of our projects.
/// A subclass says how to launch it and how to tell that it is ready.
/// </summary>
public abstract class Resource(string name) : IResource
{
    public string Name { get; } = name;

    public ResourceState State { get; internal set; } = ResourceState.NotStarted;

    public int? ProcessId { get; internal set; }

    public DateTimeOffset? StartedAt { get; internal set; }

    /// <summary>How often the process was launched again after its first start (restarts and starts after a stop).</summary>
    public int RestartCount { get; internal set; }

    /// <summary>The exit code of the last process, once it exited.</summary>
    public int? ExitCode { get; internal set; }

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public IList<Resource> WaitsFor { get; } = [];

    /// <summary>Extra environment given to the process (connection strings, service URLs, settings).</summary>
    public IDictionary<string, string> Environment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The most recent lines the process wrote, for display.</summary>
    public ConsoleLog Log { get; } = new(capacity: 2000);

    /// <summary>
    /// True for a service this AppHost does not run (an existing cluster): nothing is launched, stopped or killed,
    /// and its state is what its readiness probe says.
    /// </summary>
    public virtual bool IsExternal => false;

    /// <summary>Endpoints to show, such as <c>http://127.0.0.1:5080</c>.</summary>
    public virtual IReadOnlyList<string> Endpoints => [];

    /// <summary>Checked before anything starts, so a missing binary fails fast with a clear message.</summary>
    public abstract void EnsureRunnable();

    /// <summary>Creates the data folders and returns how to launch the process.</summary>
    public abstract ProcessLaunch PrepareLaunch(HostingContext context);

    /// <summary>True once the process serves requests.</summary>
    public abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
