using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ingestion.Gateway.Tests;

/// <summary>
/// Records the spans of the named sources that end while it lives, in this process (the gateway under test runs here
/// too), and starts the caller's own span, so a test can ask which spans joined its trace.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private const string CallerSourceName = "Ingestion.Tests.Caller";
    private static readonly ActivitySource Caller = new(CallerSourceName);
    private readonly ConcurrentBag<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public SpanRecorder(params string[] sources)
    {
        _listener = new ActivityListener
        {
            // By name: a source's own static may still be being built when this is asked about it.
            ShouldListenTo = source => source.Name == CallerSourceName || sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The caller's span (an agent's turn, an app's operation), whose trace the work under it should join.</summary>
    public static Activity StartCaller(string name) => Caller.StartActivity(name) ?? throw new InvalidOperationException("No recorder listens to the caller's source.");

    public IReadOnlyList<Activity> InTrace(ActivityTraceId trace) => [.. _stopped.Where(a => a.TraceId == trace)];

    public void Dispose() => _listener.Dispose();
}
