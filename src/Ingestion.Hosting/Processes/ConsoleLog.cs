namespace Ingestion.Hosting.Processes;

/// <summary>
/// A bounded, thread-safe buffer of a process's most recent output lines. Every line gets a sequence
/// number that keeps growing across restarts, so a live view can ask for the lines after the last it saw.
/// </summary>
public sealed class ConsoleLog(int capacity)
{
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly System.Threading.Lock _lock = new();
    private long _total;

    /// <summary>How many lines were written since the start, including those no longer kept.</summary>
    public long Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    public void Add(ConsoleLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_lock)
        {
            _total++;
            _lines.Enqueue(line with { Sequence = _total });
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<ConsoleLine> Snapshot()
    {
        lock (_lock)
        {
            return [.. _lines];
        }
    }

    /// <summary>The kept lines whose sequence number is above <paramref name="sequence"/>.</summary>
    public IReadOnlyList<ConsoleLine> After(long sequence)
    {
        lock (_lock)
        {
            return [.. _lines.Where(l => l.Sequence > sequence)];
        }
    }
}

/// <summary>One line of a process's output; <see cref="Sequence"/> is set when the log takes it.</summary>
public sealed record ConsoleLine(DateTimeOffset Time, bool IsError, string Text)
{
    public long Sequence { get; init; }
}
